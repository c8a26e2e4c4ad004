using System.Net;
using HaTools.Core.Linux.Sockets;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Icmpv6;

/// <summary>
/// Raw ICMPv6 socket on one interface for unsolicited Neighbor Advertisements of IPv6 VIPs to ff02::1,
/// hop limit 255 as RFC 4861 requires (receivers drop anything else); the kernel fills the checksum.
/// </summary>
public sealed class NeighborAdvertisementSocket : RawSocket
{
    /// <summary>All-nodes multicast.</summary>
    public static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");

    private const int IPPROTO_ICMPV6 = 58;
    private const int SOL_IPV6 = 41;
    private const int IPV6_MULTICAST_IF = 17;
    private const int IPV6_MULTICAST_HOPS = 18;
    private const int IPV6_MULTICAST_LOOP = 19;

    private NeighborAdvertisementSocket(int fd, InterfaceDetails iface)
        : base(fd, $"ICMPv6 socket on {iface.Name}")
    {
        Interface = iface;
    }

    public InterfaceDetails Interface { get; }

    public static NeighborAdvertisementSocket Open(InterfaceDetails iface)
    {
        int fd = OpenDescriptor(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, "ICMPv6 raw socket", LinuxCapability.NetRaw);
        var socket = new NeighborAdvertisementSocket(fd, iface);
        try
        {
            socket.BindToDevice(iface.Name);
            socket.SetOption(SOL_IPV6, IPV6_MULTICAST_IF, iface.Index, "IPV6_MULTICAST_IF");
            socket.SetOption(SOL_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            socket.SetOption(SOL_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Announces that <paramref name="vip"/> now lives at this interface's MAC.</summary>
    public void SendUnsolicited(IPAddress vip, bool router = false)
    {
        Span<byte> message = stackalloc byte[NeighborAdvertisement.Length];
        NeighborAdvertisement.WriteUnsolicited(message, vip, Interface.HardwareAddress, router);
        Span<byte> sa = stackalloc byte[SocketAddresses.SockaddrIn6Size];
        int len = SocketAddresses.Write(sa, AllNodes, Interface.Index);
        SendTo(message, sa.Slice(0, len));
    }
}
