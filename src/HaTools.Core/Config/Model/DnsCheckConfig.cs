namespace HaTools.Core.Config;

/// <summary>A DNS_CHECK: query Name (record Type) and expect an answer.</summary>
public sealed record DnsCheckConfig : CheckerConfig
{
    public override string Kind => "DNS_CHECK";

    public string? Type { get; set; }

    public string? Name { get; set; }
}
