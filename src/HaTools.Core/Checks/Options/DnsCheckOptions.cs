namespace HaTools.Core.Checks.Options;

/// <summary>DNS_CHECK: a UDP query that must get a NOERROR answer.</summary>
public sealed record DnsCheckOptions : CheckOptions
{
    public override string Kind => "DNS_CHECK";

    /// <summary>A, NS, CNAME, SOA, MX, TXT or AAAA.</summary>
    public string Type { get; init; } = "SOA";

    public string Name { get; init; } = ".";
}
