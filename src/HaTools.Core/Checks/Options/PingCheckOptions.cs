namespace HaTools.Core.Checks.Options;

/// <summary>PING_CHECK: an ICMP echo must be answered within connect_timeout.</summary>
public sealed record PingCheckOptions : CheckOptions
{
    public override string Kind => "PING_CHECK";
}
