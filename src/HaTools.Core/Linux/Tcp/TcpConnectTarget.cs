using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Linux.Sockets;

namespace HaTools.Core.Linux.Tcp;

/// <summary>
/// Where and how one checker connects (destination, bindto/bind_port, connect_timeout, fwmark), with the
/// sockaddrs built once: a checker connects to the same place for its whole life, so a connect allocates nothing.
/// </summary>
public sealed class TcpConnectTarget
{
    internal readonly byte[] Destination;
    internal readonly int DestinationLength;
    internal readonly byte[]? Bind;
    internal readonly int BindLength;
    internal readonly int Family;
    internal readonly long TimeoutTimestamp;

    public TcpConnectTarget(IPEndPoint endPoint, IPAddress? bindAddress = null, int bindPort = 0, TimeSpan? timeout = null, int mark = 0)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        EndPoint = endPoint;
        BindAddress = bindAddress;
        BindPort = bindPort;
        Timeout = timeout ?? TimeSpan.FromSeconds(5);
        Mark = mark;
        Family = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? NativeTcp.AF_INET6 : NativeTcp.AF_INET;
        Destination = new byte[SocketAddresses.SockaddrIn6Size];
        DestinationLength = WriteSockaddr(Destination, endPoint.Address, endPoint.Port);
        if (bindAddress != null || bindPort != 0)
        {
            Bind = new byte[SocketAddresses.SockaddrIn6Size];
            // Without bindto, bind_port alone binds the wildcard of the destination's family (as the .NET path did).
            var local = bindAddress ?? (Family == NativeTcp.AF_INET6 ? IPAddress.IPv6Any : IPAddress.Any);
            BindLength = WriteSockaddr(Bind, local, bindPort);
        }
        TimeoutTimestamp = (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public IPEndPoint EndPoint { get; }

    public IPAddress? BindAddress { get; }

    public int BindPort { get; }

    public TimeSpan Timeout { get; }

    /// <summary>SO_MARK for the connection (fwmark); 0 leaves it unset.</summary>
    public int Mark { get; }

    private static int WriteSockaddr(Span<byte> buffer, IPAddress address, int port)
    {
        var len = SocketAddresses.Write(buffer, address);
        // sin_port / sin6_port: bytes 2-3, network order.
        buffer[2] = (byte)(port >> 8);
        buffer[3] = (byte)port;
        return len;
    }
}
