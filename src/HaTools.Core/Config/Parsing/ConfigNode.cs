namespace HaTools.Core.Config;

/// <summary>One statement of the block tree: keyword, arguments, and children when it opened a block.</summary>
internal sealed class ConfigNode
{
    public ConfigNode(string keyword, string? file, int line, string text)
    {
        Keyword = keyword;
        File = file;
        Line = line;
        Text = text;
    }

    public string Keyword { get; }

    public List<string> Args { get; } = new(2);

    public string? File { get; }

    public int Line { get; }

    public string Text { get; }

    public List<ConfigNode>? Children { get; set; }

    /// <summary>The keyword and its arguments as one list (for word-list blocks such as group { a b }).</summary>
    public IEnumerable<string> Words => Args.Prepend(Keyword);
}
