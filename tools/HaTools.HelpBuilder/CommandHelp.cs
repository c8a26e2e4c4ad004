namespace HaTools.HelpBuilder;

/// <summary>One cmdlet's help as PlatyPS markdown (schema 2.0.0) describes it.</summary>
internal sealed class CommandHelp
{
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public List<SyntaxBlock> Syntax { get; } = new();
    public List<string> Description { get; } = new();
    public List<ExampleHelp> Examples { get; } = new();
    public List<ParameterHelp> Parameters { get; } = new();
    public List<TypeHelp> Inputs { get; } = new();
    public List<TypeHelp> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<LinkHelp> Links { get; } = new();
    public string SourceFile { get; set; } = "";
}

internal sealed record SyntaxBlock(string ParameterSet, bool IsDefault, string Text);

internal sealed class ExampleHelp
{
    public string Title { get; set; } = "";
    public List<string> Code { get; } = new();
    public List<string> Remarks { get; } = new();
}

internal sealed class ParameterHelp
{
    public string Name { get; set; } = "";
    public List<string> Description { get; } = new();
    public string Type { get; set; } = "";
    public List<string> ParameterSets { get; } = new();
    public List<string> Aliases { get; } = new();
    public bool Required { get; set; }
    public string Position { get; set; } = "Named";
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public bool Globbing { get; set; }
    public List<string> AcceptedValues { get; } = new();
    public int Line { get; set; }
}

internal sealed record TypeHelp(string Type, List<string> Description);

internal sealed record LinkHelp(string Text, string Uri);
