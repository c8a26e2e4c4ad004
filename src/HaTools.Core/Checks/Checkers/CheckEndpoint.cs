using System.Net;
using HaTools.Core.Checks.Net;

namespace HaTools.Core.Checks.Checkers;

/// <summary>Where a checker connects: connect_ip/connect_port, else the real server's address and port.</summary>
public readonly record struct CheckEndpoint(IPAddress Address, int Port, IPAddress? BindTo, int BindPort, TimeSpan Timeout)
{
    /// <summary>bind_if and fwmark for the checker's sockets; null when neither is set.</summary>
    public CheckSocketOptions? SocketOptions { get; init; }

    public override string ToString() => TcpConnector.Format(Address, Port);
}
