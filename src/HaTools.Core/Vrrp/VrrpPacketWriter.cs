using System.Buffers.Binary;
using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>Encodes adverts into a caller's buffer; no allocation.</summary>
public static class VrrpPacketWriter
{
    /// <summary>IPv4 header length keepalived and we write (no options).</summary>
    public const int IPv4HeaderLength = 20;

    /// <summary>
    /// Writes the VRRP message. <paramref name="checksumKind"/> matters only for v3 over IPv4
    /// (PseudoHeader = RFC 5798 §5.2.8, MessageOnly = v3_checksum_as_v2, OldUnicastPseudoHeader = old_unicast_checksum);
    /// v2 always uses MessageOnly and v3 over IPv6 always the pseudo-header.
    /// </summary>
    public static bool TryWrite(VrrpPacket packet, VrrpIpAddress source, VrrpIpAddress destination, VrrpChecksumKind checksumKind,
        Span<byte> buffer, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(packet);
        int length = packet.Length;
        if (buffer.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        Span<byte> m = buffer[..length];
        m[0] = (byte)((packet.Version << 4) | (packet.Type & 0x0F));
        m[1] = packet.VirtualRouterId;
        m[2] = packet.Priority;
        m[3] = (byte)packet.AddressCount;
        if (packet.Version == 2)
        {
            m[4] = (byte)packet.AuthType;
            m[5] = (byte)packet.AdvertInterval;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(m[4..], (ushort)(packet.AdvertInterval & 0x0FFF));
        }

        m[6] = 0;
        m[7] = 0;
        int offset = VrrpPacket.HeaderLength;
        foreach (VrrpIpAddress a in packet.Addresses)
        {
            offset += a.WriteTo(m[offset..]);
        }

        if (packet.Version == 2)
        {
            packet.AuthData.CopyTo(m[offset..]);
        }

        VrrpChecksumKind kind = EffectiveChecksumKind(packet.Version, packet.Family, checksumKind);
        ushort checksum = VrrpChecksum.Compute(m, kind, source, destination);
        BinaryPrimitives.WriteUInt16BigEndian(m[6..], checksum);
        packet.Checksum = checksum;
        packet.ChecksumKind = kind;
        bytesWritten = length;
        return true;
    }

    /// <summary>
    /// Writes an IPv4 header (TOS 0xc0, id 0, DF clear, protocol 112, as keepalived does with IP_HDRINCL) then the message.
    /// </summary>
    public static bool TryWriteIPv4(VrrpPacket packet, VrrpIpAddress source, VrrpIpAddress destination, byte ttl, VrrpChecksumKind checksumKind,
        Span<byte> buffer, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(packet);
        bytesWritten = 0;
        if (packet.Family != AddressFamily.InterNetwork || buffer.Length < IPv4HeaderLength
            || !TryWrite(packet, source, destination, checksumKind, buffer[IPv4HeaderLength..], out int vrrpLength))
        {
            return false;
        }

        Span<byte> h = buffer[..IPv4HeaderLength];
        h[0] = 0x45;
        h[1] = 0xC0;
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)(IPv4HeaderLength + vrrpLength));
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], 0);
        h[8] = ttl;
        h[9] = VrrpPacket.IpProtocol;
        h[10] = 0;
        h[11] = 0;
        source.WriteTo(h[12..]);
        destination.WriteTo(h[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(h[10..], VrrpChecksum.Finish(VrrpChecksum.Add(0, h)));
        bytesWritten = IPv4HeaderLength + vrrpLength;
        return true;
    }

    internal static VrrpChecksumKind EffectiveChecksumKind(int version, AddressFamily family, VrrpChecksumKind requested) =>
        version == 2 ? VrrpChecksumKind.MessageOnly
        : family == AddressFamily.InterNetworkV6 ? VrrpChecksumKind.PseudoHeader
        : requested;
}
