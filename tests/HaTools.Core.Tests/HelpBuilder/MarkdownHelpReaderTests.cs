using System.Xml.Linq;
using HaTools.HelpBuilder;

namespace HaTools.Core.Tests.HelpBuilder;

/// <summary>The docs -> MAML conversion that stands in for PlatyPS's New-ExternalHelp.</summary>
public class MarkdownHelpReaderTests
{
    private const string Page = """
        ---
        external help file: HaTools.dll-Help.xml
        Module Name: HaTools
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Thing [[-Name] <String>] [-Force] [<CommonParameters>]
        ```

        ## DESCRIPTION
        First paragraph
        continues here.

        Second paragraph.

        ## EXAMPLES

        ### Example 1: All things
        ```powershell
        PS /> Get-Thing
        ```

        Lists them.

        ## PARAMETERS

        ### -Name
        The name.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases: N
        Accepted values: one, two

        Required: False
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: True
        ```

        ### -Force
        Skips checks.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String

        ## OUTPUTS

        ### Thing
        A thing.

        ## NOTES

        ## RELATED LINKS
        """;

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void Reads_every_section_of_a_PlatyPS_page()
    {
        var help = MarkdownHelpReader.Parse(Lines(Page), "Get-Thing.md");
        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal("Gets things.", help.Synopsis);
        Assert.Equal(new[] { "First paragraph continues here.", "Second paragraph." }, help.Description);
        var ex = Assert.Single(help.Examples);
        Assert.Equal("Example 1: All things", ex.Title);
        Assert.Equal("PS /> Get-Thing", Assert.Single(ex.Code));
        Assert.Equal("Lists them.", Assert.Single(ex.Remarks));
        Assert.Equal(new[] { "Name", "Force" }, help.Parameters.Select(p => p.Name));
        var name = help.Parameters[0];
        Assert.Equal("String", name.Type);
        Assert.Equal("0", name.Position);
        Assert.True(name.Globbing);
        Assert.Equal("True (ByPropertyName)", name.PipelineInput);
        Assert.Equal(new[] { "N" }, name.Aliases);
        Assert.Equal("Thing", Assert.Single(help.Outputs).Type);
        var syntax = Assert.Single(help.Syntax);
        Assert.True(syntax.IsDefault);
        Assert.Equal("ByName", syntax.ParameterSet);
    }

    [Fact]
    public void Writes_MAML_that_names_the_command_its_parameters_and_examples()
    {
        var doc = MamlWriter.Write(new[] { MarkdownHelpReader.Parse(Lines(Page), "Get-Thing.md") });
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var cmd = Assert.Single(doc.Root!.Elements(command + "command"));
        Assert.Equal("Get-Thing", cmd.Element(command + "details")!.Element(command + "name")!.Value);
        var parameters = cmd.Element(command + "parameters")!.Elements(command + "parameter").ToList();
        Assert.Equal(new[] { "Name", "Force" }, parameters.Select(p => p.Element(maml + "name")!.Value));
        Assert.Equal("true", parameters[0].Attribute("globbing")!.Value);
        Assert.Equal("0", parameters[0].Attribute("position")!.Value);
        Assert.Equal("named", parameters[1].Attribute("position")!.Value);
        Assert.Single(cmd.Element(command + "examples")!.Elements(command + "example"));
        var accepted = parameters[0].Element(command + "parameterValueGroup")!.Elements(command + "parameterValue").Select(v => v.Value);
        Assert.Equal(new[] { "one", "two" }, accepted);
    }

    [Theory]
    [InlineData("## SYNOPSIS\nGets things.", "## SYNOPSIS\n", "empty SYNOPSIS")]
    [InlineData("Type: SwitchParameter", "Typ: SwitchParameter", "unknown yaml key")]
    [InlineData("## NOTES", "## NOTEZ", "unknown section")]
    [InlineData("### -Force\nSkips checks.", "### -Force\n", "has no description")]
    [InlineData("```powershell\nPS /> Get-Thing\n```", "", "has no code block")]
    public void A_malformed_page_is_an_error_naming_file_and_line(string from, string to, string expected)
    {
        string broken = Page.Replace(from, to);
        Assert.NotEqual(Page, broken);
        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.Parse(Lines(broken), "Get-Thing.md"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("Get-Thing.md:", ex.Message);
    }
}
