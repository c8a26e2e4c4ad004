using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using HaTools.Core.Linux.Sockets;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Packet;

/// <summary>
/// AF_PACKET socket bound to ARP on one interface: sends gratuitous ARP for VIPs and, for the lab and
/// benchmarks, asks "who has VIP" and reads the replies.
/// </summary>
public sealed class ArpSocket : RawSocket
{
    private ArpSocket(int fd, InterfaceDetails iface)
        : base(fd, $"ARP packet socket on {iface.Name}")
    {
        Interface = iface;
    }

    public InterfaceDetails Interface { get; }

    public static unsafe ArpSocket Open(InterfaceDetails iface)
    {
        int fd = OpenDescriptor(AF_PACKET, SOCK_RAW, BinaryPrimitives.ReverseEndianness((ushort)ArpFrame.EtherTypeArp), "ARP packet socket", LinuxCapability.NetRaw);
        var socket = new ArpSocket(fd, iface);
        try
        {
            Span<byte> sa = stackalloc byte[SocketAddresses.SockaddrLlSize];
            int len = SocketAddresses.WritePacket(sa, iface.Index, ArpFrame.EtherTypeArp, default);
            fixed (byte* p = sa)
            {
                LinuxError.Check(bind(fd, (Tmds.Linux.sockaddr*)p, (uint)len), "bind ARP socket to " + iface.Name, iface.Name);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Broadcasts one gratuitous ARP announcing <paramref name="vip"/> at this interface's MAC.</summary>
    public void SendGratuitous(IPAddress vip)
    {
        Span<byte> frame = stackalloc byte[ArpFrame.FrameLength];
        ArpFrame.WriteGratuitous(frame, Interface.HardwareAddress, vip);
        SendFrame(frame);
    }

    /// <summary>Broadcasts "who has <paramref name="target"/>, tell <paramref name="sender"/>".</summary>
    public void SendRequest(IPAddress sender, IPAddress target)
    {
        Span<byte> frame = stackalloc byte[ArpFrame.FrameLength];
        ArpFrame.WriteRequest(frame, Interface.HardwareAddress, sender, target);
        SendFrame(frame);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for an ARP reply that claims <paramref name="target"/>;
    /// returns the MAC that answered, or null.
    /// </summary>
    public unsafe byte[]? WaitReply(IPAddress target, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        Span<byte> buffer = stackalloc byte[256];
        while (true)
        {
            int left = (int)Math.Max(0, (timeout - watch.Elapsed).TotalMilliseconds);
            if (!WaitReadable(left))
            {
                return null;
            }

            long n;
            fixed (byte* p = buffer)
            {
                n = recv(Handle, p, (Tmds.Linux.size_t)buffer.Length, MSG_DONTWAIT);
            }

            if (n > 0 && ArpFrame.TryRead(buffer.Slice(0, (int)n), out var op, out var mac, out var spa, out _) &&
                op == ArpFrame.OpReply && target.Equals(spa))
            {
                return mac.ToArray();
            }

            if (watch.Elapsed >= timeout)
            {
                return null;
            }
        }
    }

    /// <summary>Discards every frame already queued (late replies to earlier requests), so the next wait sees only fresh ones.</summary>
    public unsafe int Drain()
    {
        Span<byte> buffer = stackalloc byte[256];
        int drained = 0;
        fixed (byte* p = buffer)
        {
            while (recv(Handle, p, (Tmds.Linux.size_t)buffer.Length, MSG_DONTWAIT) > 0)
            {
                drained++;
            }
        }

        return drained;
    }

    private void SendFrame(ReadOnlySpan<byte> frame)
    {
        Span<byte> sa = stackalloc byte[SocketAddresses.SockaddrLlSize];
        int len = SocketAddresses.WritePacket(sa, Interface.Index, ArpFrame.EtherTypeArp, ArpFrame.Broadcast);
        SendTo(frame, sa.Slice(0, len));
    }
}
