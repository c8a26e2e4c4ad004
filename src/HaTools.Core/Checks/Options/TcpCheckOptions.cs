namespace HaTools.Core.Checks.Options;

/// <summary>TCP_CHECK: up while a TCP connection to the port succeeds.</summary>
public sealed record TcpCheckOptions : CheckOptions
{
    public override string Kind => "TCP_CHECK";
}
