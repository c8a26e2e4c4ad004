namespace HaTools.Core.Config;

/// <summary>One statement of the block tree: keyword, arguments, and children when it opened a block.</summary>
internal sealed class ConfigNode
{
    private static readonly string[] NoArgs = [];
    private readonly string _textSource;
    private readonly int _textStart;
    private readonly int _textLength;

    public ConfigNode(string keyword, string? file, int line, string textSource, int textStart, int textLength)
    {
        Keyword = keyword;
        File = file;
        Line = line;
        _textSource = textSource;
        _textStart = textStart;
        _textLength = textLength;
    }

    public string Keyword { get; }

    public string[] Args { get; set; } = NoArgs;

    public string? File { get; }

    public int Line { get; }

    /// <summary>The source line (trimmed), cut out on demand for diagnostics.</summary>
    public string Text => _textSource.Substring(_textStart, _textLength);

    public List<ConfigNode>? Children { get; set; }

    /// <summary>The keyword and its arguments as one list (for word-list blocks such as group { a b }).</summary>
    public IEnumerable<string> Words => Args.Prepend(Keyword);
}
