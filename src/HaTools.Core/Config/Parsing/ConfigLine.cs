namespace HaTools.Core.Config;

/// <summary>
/// A logical line after includes, conditionals, definitions and ~SEQ: tokens plus where they came from.
/// The lexer reuses one instance: it is valid until the next line is read. Text is cut from its
/// source only when asked for (diagnostics), so the hot path allocates no line strings.
/// </summary>
internal sealed class ConfigLine
{
    public string? File { get; set; }

    public int Line { get; set; }

    public string TextSource { get; set; } = "";

    public int TextStart { get; set; }

    public int TextLength { get; set; }

    public string Text => TextSource.Substring(TextStart, TextLength);

    public List<ConfigToken> Tokens { get; } = new(8);
}
