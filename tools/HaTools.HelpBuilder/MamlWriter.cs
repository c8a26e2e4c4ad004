using System.Xml.Linq;

namespace HaTools.HelpBuilder;

/// <summary>Writes MAML the way PowerShell's help system reads it (the shape PlatyPS's New-ExternalHelp emits).</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(CommandElement)));

    private static XElement Paras(XName name, IEnumerable<string> paragraphs) =>
        new(name, paragraphs.Select(p => new XElement(Maml + "para", p)));

    private static XElement CommandElement(CommandHelp c)
    {
        string[] verbNoun = c.Name.Split('-', 2);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun.Length > 1 ? verbNoun[1] : ""),
                Paras(Maml + "description", new[] { c.Synopsis })),
            Paras(Maml + "description", c.Description),
            new XElement(Command + "syntax", SyntaxItems(c)),
            new XElement(Command + "parameters", c.Parameters.Select(p => ParameterElement(p, p.Position, p.Required))),
            new XElement(Command + "inputTypes", c.Inputs.Select(t => new XElement(Command + "inputType", TypeElement(t.Type), Paras(Maml + "description", t.Description)))),
            new XElement(Command + "returnValues", c.Outputs.Select(t => new XElement(Command + "returnValue", TypeElement(t.Type), Paras(Maml + "description", t.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", c.Notes.Select(n => new XElement(Maml + "para", n)))),
            new XElement(Command + "examples", c.Examples.Select(ExampleElement)),
            new XElement(Command + "relatedLinks", c.Links.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));
    }

    private static IEnumerable<XElement> SyntaxItems(CommandHelp c)
    {
        // One syntax item per parameter set, in the order the SYNTAX section lists them.
        var sets = c.Syntax.Count > 0 ? c.Syntax.Select(s => s.ParameterSet).ToList() : new List<string> { "__AllParameterSets" };
        foreach (string set in sets)
        {
            var members = c.Parameters.Where(p => p.ParameterSets.Count == 0 || p.ParameterSets.Any(s => s == "(All)" || s == set || sets.Count == 1));
            yield return new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", c.Name),
                members.Select(p => ParameterElement(p, p.Position, p.Required, inSyntax: true)));
        }
    }

    private static XElement ParameterElement(ParameterHelp p, string position, bool required, bool inSyntax = false)
    {
        bool isSwitch = p.Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
        var e = new XElement(Command + "parameter",
            new XAttribute("required", required ? "true" : "false"),
            new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", p.PipelineInput),
            new XAttribute("position", position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position),
            new XAttribute("aliases", p.Aliases.Count == 0 || p.Aliases.All(a => a.Length == 0) ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Paras(Maml + "description", p.Description));
        if (p.AcceptedValues.Count > 0)
            e.Add(new XElement(Command + "parameterValueGroup", p.AcceptedValues.Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        if (!isSwitch || !inSyntax)
            e.Add(new XElement(Command + "parameterValue", new XAttribute("required", isSwitch ? "false" : "true"), new XAttribute("variableLength", "false"), p.Type));
        e.Add(TypeElement(p.Type));
        e.Add(new XElement(Dev + "defaultValue", p.DefaultValue));
        return e;
    }

    private static XElement TypeElement(string type) =>
        new(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri"));

    private static XElement ExampleElement(ExampleHelp ex) =>
        new(Command + "example",
            new XElement(Maml + "title", $"-------------------------- {ex.Title} --------------------------"),
            new XElement(Dev + "code", string.Join("\n", ex.Code)),
            Paras(Dev + "remarks", ex.Remarks));
}
