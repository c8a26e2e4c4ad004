using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Sockets;

/// <summary>
/// Raw IPv4 socket for IP protocol 112 on one interface. Writes its own IP header (IP_HDRINCL) so the
/// source address is exactly the one the v3 pseudo-header checksum was computed over, with TTL 255;
/// joins 224.0.0.18 per interface (ip_mreqn with ifindex: INADDR_ANY fails with ENODEV in a namespace
/// without routes) and receives whole datagrams including the IP header, so the TTL can be checked.
/// </summary>
public sealed class VrrpSocketV4 : RawSocket
{
    /// <summary>IANA protocol number of VRRP.</summary>
    public const int ProtocolVrrp = 112;

    /// <summary>RFC 3768/5798 multicast group for IPv4.</summary>
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("224.0.0.18");

    private const int IP_MULTICAST_IF = 32;
    private const int IP_MULTICAST_TTL = 33;
    private const int IP_MULTICAST_LOOP = 34;
    private const int IP_ADD_MEMBERSHIP = 35;
    private const int IP_TTL = 2;
    private const int IP_HDRINCL = 3;
    private const int IPv4HeaderLength = 20;
    private const int SOL_IP = 0;

    private VrrpSocketV4(int fd, InterfaceDetails iface)
        : base(fd, $"VRRP IPv4 socket on {iface.Name}")
    {
        Interface = iface;
    }

    public InterfaceDetails Interface { get; }

    /// <summary>The address adverts leave from: the bound unicast source, else the interface's primary IPv4 address.</summary>
    public IPAddress? SourceAddress { get; private set; }

    /// <summary>
    /// Opens the socket on <paramref name="iface"/>. <paramref name="source"/> binds the sender address
    /// (unicast_src_ip); <paramref name="joinMulticast"/> is false in unicast mode.
    /// </summary>
    public static unsafe VrrpSocketV4 Open(InterfaceDetails iface, IPAddress? source, bool joinMulticast)
    {
        if (source is not null && source.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new HaToolsException("AddressFamilyMismatch", HaToolsErrorKind.InvalidArgument, $"Source address {source} is not IPv4.", source);
        }

        int fd = OpenDescriptor(AF_INET, SOCK_RAW, ProtocolVrrp, "VRRP IPv4 raw socket", LinuxCapability.NetRaw);
        var socket = new VrrpSocketV4(fd, iface);
        try
        {
            socket.BindToDevice(iface.Name);
            socket.SetOption(SOL_IP, IP_HDRINCL, 1, "IP_HDRINCL");
            socket.SetOption(SOL_IP, IP_TTL, 255, "IP_TTL");
            socket.SetOption(SOL_IP, IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
            socket.SetOption(SOL_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");

            Span<byte> mreqn = stackalloc byte[12];
            mreqn.Clear();
            source?.TryWriteBytes(mreqn.Slice(4, 4), out _);
            BinaryPrimitives.WriteInt32LittleEndian(mreqn.Slice(8), iface.Index);
            socket.SetOption(SOL_IP, IP_MULTICAST_IF, mreqn, "IP_MULTICAST_IF");

            if (joinMulticast)
            {
                MulticastGroup.TryWriteBytes(mreqn, out _);
                mreqn.Slice(4, 4).Clear();
                socket.SetOption(SOL_IP, IP_ADD_MEMBERSHIP, mreqn, $"IP_ADD_MEMBERSHIP 224.0.0.18 ifindex {iface.Index}");
            }

            if (source is not null)
            {
                Span<byte> sa = stackalloc byte[SocketAddresses.SockaddrIn4Size];
                int len = SocketAddresses.Write(sa, source);
                fixed (byte* p = sa)
                {
                    LinuxError.Check(bind(socket.Handle, (Tmds.Linux.sockaddr*)p, (uint)len), $"bind {source} on {iface.Name}", source);
                }
            }

            socket.SourceAddress = source ?? iface.PrimaryIPv4;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends one VRRP message from <paramref name="source"/> (null: <see cref="SourceAddress"/>) to the group
    /// or a unicast peer. The IP header is ours: TOS internetwork control, TTL <paramref name="ttl"/>
    /// (255 unless a test injects a bad one); the kernel fills the id and header checksum.
    /// </summary>
    public int Send(ReadOnlySpan<byte> vrrpMessage, IPAddress? source, IPAddress destination, byte ttl = 255)
    {
        Span<byte> src = stackalloc byte[4];
        Span<byte> dst = stackalloc byte[4];
        (source ?? SourceAddress ?? IPAddress.Any).TryWriteBytes(src, out _);
        destination.TryWriteBytes(dst, out _);
        return Send(vrrpMessage, src, dst, ttl);
    }

    /// <summary>Allocation-free form of <see cref="Send(ReadOnlySpan{byte}, IPAddress?, IPAddress, byte)"/>: addresses as 4 bytes in network order.</summary>
    public int Send(ReadOnlySpan<byte> vrrpMessage, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte ttl = 255)
    {
        int total = IPv4HeaderLength + vrrpMessage.Length;
        Span<byte> datagram = total <= 1500 ? stackalloc byte[total] : new byte[total];
        datagram.Slice(0, IPv4HeaderLength).Clear();
        datagram[0] = 0x45;
        datagram[1] = 0xC0;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.Slice(2), (ushort)total);
        datagram[8] = ttl;
        datagram[9] = ProtocolVrrp;
        source.CopyTo(datagram.Slice(12, 4));
        destination.CopyTo(datagram.Slice(16, 4));
        vrrpMessage.CopyTo(datagram.Slice(IPv4HeaderLength));
        Span<byte> sa = stackalloc byte[SocketAddresses.SockaddrIn4Size];
        int len = SocketAddresses.Write(sa, destination, 0);
        return SendTo(datagram, sa.Slice(0, len));
    }

    /// <summary>Reads one whole datagram (IP header included) without blocking; false when nothing is queued.</summary>
    public unsafe bool TryReceiveDatagram(Span<byte> buffer, out int length)
    {
        long n;
        fixed (byte* p = buffer)
        {
            n = recv(Handle, p, (Tmds.Linux.size_t)buffer.Length, MSG_DONTWAIT);
        }

        if (n < 0)
        {
            int errno = LinuxError.LastErrno();
            length = 0;
            if (errno is Errno.EAGAIN or Errno.EINTR)
            {
                return false;
            }

            throw LinuxError.FromErrno(errno, "Receiving on " + Description, Description);
        }

        length = (int)n;
        return true;
    }

    /// <summary>
    /// Reads one datagram without blocking. The buffer receives the whole IPv4 packet; the result says
    /// where the VRRP payload starts. False when nothing is queued or the IP header is unusable.
    /// </summary>
    public unsafe bool TryReceive(Span<byte> buffer, out ReceivedPacket packet)
    {
        packet = default;
        long n;
        fixed (byte* p = buffer)
        {
            n = recv(Handle, p, (Tmds.Linux.size_t)buffer.Length, MSG_DONTWAIT);
        }

        if (n < 0)
        {
            int errno = LinuxError.LastErrno();
            if (errno is Errno.EAGAIN or Errno.EINTR)
            {
                return false;
            }

            throw LinuxError.FromErrno(errno, "Receiving on " + Description, Description);
        }

        return TryParseIPv4Header(buffer.Slice(0, (int)n), Interface.Index, out packet);
    }

    /// <summary>Splits a received IPv4 datagram into header facts and payload position.</summary>
    public static bool TryParseIPv4Header(ReadOnlySpan<byte> datagram, int ifIndex, out ReceivedPacket packet)
    {
        packet = default;
        if (datagram.Length < 20 || datagram[0] >> 4 != 4)
        {
            return false;
        }

        int headerLength = (datagram[0] & 0x0f) * 4;
        if (headerLength < 20 || headerLength > datagram.Length)
        {
            return false;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2));
        int end = Math.Min(totalLength, datagram.Length);
        if (end < headerLength)
        {
            return false;
        }

        packet = new ReceivedPacket(
            new IPAddress(datagram.Slice(12, 4)),
            new IPAddress(datagram.Slice(16, 4)),
            datagram[8],
            headerLength,
            end - headerLength,
            ifIndex);
        return true;
    }
}
