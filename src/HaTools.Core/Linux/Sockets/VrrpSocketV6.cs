using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Sockets;

/// <summary>
/// Raw IPv6 socket for next header 112 on one interface: hop limit 255, joins ff02::12 per ifindex,
/// asks for the received hop limit and destination as ancillary data (IPv6 raw sockets never show
/// the IP header). The source goes with each send as IPV6_PKTINFO so it matches the pseudo-header the
/// codec summed. By default the checksum is ours both ways, so bad ones reach the loop and are counted;
/// with <c>kernelChecksum</c> the kernel fills and verifies it at offset 6 (IPV6_CHECKSUM) and silently
/// drops bad ones.
/// </summary>
public sealed class VrrpSocketV6 : RawSocket
{
    /// <summary>RFC 5798 multicast group for IPv6.</summary>
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("ff02::12");

    private const int SOL_IPV6 = 41;
    private const int IPV6_CHECKSUM = 7;
    private const int IPV6_UNICAST_HOPS = 16;
    private const int IPV6_MULTICAST_IF = 17;
    private const int IPV6_MULTICAST_HOPS = 18;
    private const int IPV6_MULTICAST_LOOP = 19;
    private const int IPV6_ADD_MEMBERSHIP = 20;
    private const int IPV6_RECVPKTINFO = 49;
    private const int IPV6_PKTINFO = 50;
    private const int IPV6_RECVHOPLIMIT = 51;
    private const int IPV6_HOPLIMIT = 52;

    private VrrpSocketV6(int fd, InterfaceDetails iface)
        : base(fd, $"VRRP IPv6 socket on {iface.Name}")
    {
        Interface = iface;
    }

    public InterfaceDetails Interface { get; }

    /// <summary>The address adverts leave from: the bound unicast source, else the interface's link-local address.</summary>
    public IPAddress? SourceAddress { get; private set; }

    /// <summary>True when the kernel computes and checks the checksum (IPV6_CHECKSUM offset 6).</summary>
    public bool KernelChecksum { get; private set; }

    public static unsafe VrrpSocketV6 Open(InterfaceDetails iface, IPAddress? source, bool joinMulticast, bool kernelChecksum = false)
    {
        if (source is not null && source.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new HaToolsException("AddressFamilyMismatch", HaToolsErrorKind.InvalidArgument, $"Source address {source} is not IPv6.", source);
        }

        int fd = OpenDescriptor(AF_INET6, SOCK_RAW, VrrpSocketV4.ProtocolVrrp, "VRRP IPv6 raw socket", LinuxCapability.NetRaw);
        var socket = new VrrpSocketV6(fd, iface);
        try
        {
            socket.BindToDevice(iface.Name);
            if (kernelChecksum)
            {
                socket.SetOption(SOL_IPV6, IPV6_CHECKSUM, 6, "IPV6_CHECKSUM");
            }

            socket.KernelChecksum = kernelChecksum;
            socket.SetOption(SOL_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
            socket.SetOption(SOL_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            socket.SetOption(SOL_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            socket.SetOption(SOL_IPV6, IPV6_MULTICAST_IF, iface.Index, "IPV6_MULTICAST_IF");
            socket.SetOption(SOL_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            socket.SetOption(SOL_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");

            if (joinMulticast)
            {
                Span<byte> mreq = stackalloc byte[20];
                MulticastGroup.TryWriteBytes(mreq, out _);
                BinaryPrimitives.WriteInt32LittleEndian(mreq.Slice(16), iface.Index);
                socket.SetOption(SOL_IPV6, IPV6_ADD_MEMBERSHIP, mreq, $"IPV6_ADD_MEMBERSHIP ff02::12 ifindex {iface.Index}");
            }

            // Not bound to an address: a raw socket bound to the link-local address would not hear unicast
            // adverts sent to our global address. The source goes with every send as IPV6_PKTINFO instead.
            var bindTo = source ?? iface.LinkLocalIPv6;
            socket.SourceAddress = bindTo;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends one VRRP message from <paramref name="source"/> (null: the bound address) to ff02::12 or a unicast
    /// peer (link-local peers get this interface as scope), hop limit <paramref name="hopLimit"/>.
    /// </summary>
    public int Send(ReadOnlySpan<byte> vrrpMessage, IPAddress? source, IPAddress destination, byte hopLimit = 255)
    {
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        src.Clear();
        (source ?? SourceAddress)?.TryWriteBytes(src, out _);
        destination.TryWriteBytes(dst, out _);
        return Send(vrrpMessage, src, dst, hopLimit);
    }

    /// <summary>Allocation-free form: addresses as 16 bytes in network order (an all-zero source lets the kernel choose).</summary>
    public unsafe int Send(ReadOnlySpan<byte> vrrpMessage, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte hopLimit = 255)
    {
        Span<byte> sa = stackalloc byte[SocketAddresses.SockaddrIn6Size];
        int nameLength = SocketAddresses.Write(sa, destination, Interface.Index);

        // Two cmsgs: IPV6_PKTINFO (in6_pktinfo, 20 bytes) then IPV6_HOPLIMIT (int); each header is 16 bytes, data 8-aligned.
        const int PktInfoSpace = 16 + 24;
        const int HopLimitSpace = 16 + 8;
        Span<byte> control = stackalloc byte[PktInfoSpace + HopLimitSpace];
        control.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(control, 16 + 20);
        BinaryPrimitives.WriteInt32LittleEndian(control.Slice(8), SOL_IPV6);
        BinaryPrimitives.WriteInt32LittleEndian(control.Slice(12), IPV6_PKTINFO);
        source.CopyTo(control.Slice(16, 16));
        BinaryPrimitives.WriteInt32LittleEndian(control.Slice(32), Interface.Index);
        var hop = control.Slice(PktInfoSpace);
        BinaryPrimitives.WriteUInt64LittleEndian(hop, 16 + 4);
        BinaryPrimitives.WriteInt32LittleEndian(hop.Slice(8), SOL_IPV6);
        BinaryPrimitives.WriteInt32LittleEndian(hop.Slice(12), IPV6_HOPLIMIT);
        BinaryPrimitives.WriteInt32LittleEndian(hop.Slice(16), hopLimit);

        fixed (byte* data = vrrpMessage)
        fixed (byte* name = sa)
        fixed (byte* c = control)
        {
            var iov = new Tmds.Linux.iovec { iov_base = data, iov_len = (Tmds.Linux.size_t)vrrpMessage.Length };
            var msg = new Tmds.Linux.msghdr
            {
                msg_name = name,
                msg_namelen = (uint)nameLength,
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = c,
                msg_controllen = (uint)control.Length,
            };
            long n = sendmsg(Handle, &msg, MSG_NOSIGNAL);
            return (int)LinuxError.Check(n, "Sending on " + Description, Description);
        }
    }

    /// <summary>Reads one message without blocking; the payload starts at offset 0 of <paramref name="buffer"/>.</summary>
    public bool TryReceive(Span<byte> buffer, out ReceivedPacket packet)
    {
        Span<byte> source = stackalloc byte[16];
        Span<byte> destination = stackalloc byte[16];
        if (!TryReceive(buffer, source, destination, out int length, out int hopLimit, out int ifIndex, out bool hasDestination))
        {
            packet = default;
            return false;
        }

        packet = new ReceivedPacket(new IPAddress(source), hasDestination ? new IPAddress(destination) : IPAddress.IPv6None, hopLimit, 0, length, ifIndex);
        return true;
    }

    /// <summary>
    /// Reads one message without blocking and without allocating: source and destination (16 bytes each) go to the
    /// given spans, the hop limit and arrival interface come from ancillary data (-1 when missing).
    /// </summary>
    public unsafe bool TryReceive(Span<byte> buffer, Span<byte> source, Span<byte> destination, out int length, out int hopLimit, out int ifIndex, out bool hasDestination)
    {
        length = 0;
        hopLimit = -1;
        ifIndex = Interface.Index;
        hasDestination = false;
        byte* name = stackalloc byte[SocketAddresses.SockaddrIn6Size];
        byte* control = stackalloc byte[128];
        fixed (byte* p = buffer)
        {
            var iov = new Tmds.Linux.iovec { iov_base = p, iov_len = (Tmds.Linux.size_t)buffer.Length };
            var msg = new Tmds.Linux.msghdr
            {
                msg_name = name,
                msg_namelen = SocketAddresses.SockaddrIn6Size,
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = control,
                msg_controllen = 128,
            };
            long n = recvmsg(Handle, &msg, MSG_DONTWAIT);
            if (n < 0)
            {
                int errno = LinuxError.LastErrno();
                if (errno is Errno.EAGAIN or Errno.EINTR)
                {
                    return false;
                }

                throw LinuxError.FromErrno(errno, "Receiving on " + Description, Description);
            }

            for (var c = CMSG_FIRSTHDR(&msg); c != null; c = CMSG_NXTHDR(&msg, c))
            {
                if (c->cmsg_level != SOL_IPV6)
                {
                    continue;
                }

                byte* data = CMSG_DATA(c);
                if (c->cmsg_type == IPV6_HOPLIMIT)
                {
                    hopLimit = *(int*)data;
                }
                else if (c->cmsg_type == IPV6_PKTINFO)
                {
                    new ReadOnlySpan<byte>(data, 16).CopyTo(destination);
                    ifIndex = *(int*)(data + 16);
                    hasDestination = true;
                }
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(name, 2)) != SocketAddresses.AF_INET6)
            {
                return false;
            }

            new ReadOnlySpan<byte>(name + 8, 16).CopyTo(source);
            length = (int)n;
            return true;
        }
    }
}
