namespace HaTools.Core.Config;

/// <summary>A PING_CHECK: ICMP echo to the real server.</summary>
public sealed record PingCheckConfig : CheckerConfig
{
    public override string Kind => "PING_CHECK";
}
