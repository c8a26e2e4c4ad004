namespace HaTools.Core.Config;

/// <summary>A logical line after includes, conditionals, definitions and ~SEQ: tokens plus where they came from.</summary>
internal sealed class ConfigLine
{
    public ConfigLine(string? file, int line, string text, List<ConfigToken> tokens)
    {
        File = file;
        Line = line;
        Text = text;
        Tokens = tokens;
    }

    public string? File { get; }

    public int Line { get; }

    public string Text { get; }

    public List<ConfigToken> Tokens { get; }
}
