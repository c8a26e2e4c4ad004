namespace HaTools.Core.Config;

/// <summary>
/// A valid keepalived keyword that HaTools keeps verbatim rather than as a typed property
/// (so export stays lossless). <see cref="Children"/> is non-null when the keyword opens a block.
/// </summary>
public sealed record ConfigStatement : ConfigObject
{
    public string Keyword { get; set; } = "";

    public ConfigList<string> Arguments { get; set; } = new();

    public ConfigList<ConfigStatement>? Children { get; set; }

    public override string ToString() =>
        Arguments.Count == 0 ? Keyword : Keyword + " " + string.Join(' ', Arguments) + (Children != null ? " { ... }" : "");
}
