namespace HaTools.Core.Config;

/// <summary>One virtual_rules / static_rules line (ip-rule style), exported verbatim from <see cref="Words"/>.</summary>
public sealed record VirtualRuleConfig : ConfigObject
{
    public string? From { get; set; }

    public string? To { get; set; }

    public string? Table { get; set; }

    public int? Priority { get; set; }

    public ConfigList<string> Words { get; set; } = new();

    public override string ToString() => string.Join(' ', Words);
}
