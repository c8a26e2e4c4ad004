using System.Buffers.Binary;
using System.Net;

namespace HaTools.Core.Linux.Packet;

/// <summary>Ethernet + ARP (IPv4 over Ethernet, RFC 826) frames: building requests/announcements and reading replies.</summary>
public static class ArpFrame
{
    public const ushort EtherTypeArp = 0x0806;
    public const int FrameLength = 60;
    public const ushort OpRequest = 1;
    public const ushort OpReply = 2;

    /// <summary>Ethernet broadcast address.</summary>
    public static ReadOnlySpan<byte> Broadcast => new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    /// <summary>
    /// A gratuitous ARP (RFC 5227 "ARP Announcement"): a broadcast request whose sender and target IP are
    /// both the VIP, so every host that has the VIP cached rewrites it to <paramref name="mac"/>.
    /// </summary>
    public static int WriteGratuitous(Span<byte> frame, ReadOnlySpan<byte> mac, IPAddress vip) =>
        Write(frame, OpRequest, mac, vip, default, vip);

    /// <summary>A plain "who has <paramref name="target"/>" request from <paramref name="mac"/>/<paramref name="sender"/>.</summary>
    public static int WriteRequest(Span<byte> frame, ReadOnlySpan<byte> mac, IPAddress sender, IPAddress target) =>
        Write(frame, OpRequest, mac, sender, default, target);

    /// <summary>Writes a full 60-byte frame (ARP is shorter than the Ethernet minimum; padded with zeros).</summary>
    public static int Write(Span<byte> frame, ushort op, ReadOnlySpan<byte> senderMac, IPAddress senderIp, ReadOnlySpan<byte> targetMac, IPAddress targetIp)
    {
        frame.Slice(0, FrameLength).Clear();
        Broadcast.CopyTo(frame);
        senderMac.Slice(0, 6).CopyTo(frame.Slice(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(12), EtherTypeArp);
        var arp = frame.Slice(14);
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);            // hardware type Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp.Slice(2), 0x0800); // protocol IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.Slice(6), op);
        senderMac.Slice(0, 6).CopyTo(arp.Slice(8));
        senderIp.TryWriteBytes(arp.Slice(14, 4), out _);
        if (!targetMac.IsEmpty)
        {
            targetMac.Slice(0, 6).CopyTo(arp.Slice(18));
        }

        targetIp.TryWriteBytes(arp.Slice(24, 4), out _);
        return FrameLength;
    }

    /// <summary>Reads an Ethernet/ARP frame; false when it is not IPv4-over-Ethernet ARP.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out ushort op, out ReadOnlySpan<byte> senderMac, out IPAddress? senderIp, out IPAddress? targetIp)
    {
        op = 0;
        senderMac = default;
        senderIp = targetIp = null;
        if (frame.Length < 42 || BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(12)) != EtherTypeArp)
        {
            return false;
        }

        var arp = frame.Slice(14);
        if (BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp.Slice(2)) != 0x0800 || arp[4] != 6 || arp[5] != 4)
        {
            return false;
        }

        op = BinaryPrimitives.ReadUInt16BigEndian(arp.Slice(6));
        senderMac = arp.Slice(8, 6);
        senderIp = new IPAddress(arp.Slice(14, 4));
        targetIp = new IPAddress(arp.Slice(24, 4));
        return true;
    }
}
