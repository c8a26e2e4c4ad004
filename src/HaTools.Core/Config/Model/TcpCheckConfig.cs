namespace HaTools.Core.Config;

/// <summary>A TCP_CHECK: the real server is up while a TCP connection succeeds.</summary>
public sealed record TcpCheckConfig : CheckerConfig
{
    public override string Kind => "TCP_CHECK";
}
