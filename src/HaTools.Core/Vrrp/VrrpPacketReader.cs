using System.Buffers.Binary;
using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>
/// Decodes untrusted bytes into <see cref="VrrpPacket"/>s. Never throws: every rejection comes back as a
/// <see cref="VrrpDropReason"/> the caller counts. Instance-specific checks (VRID, auth, interval, peers)
/// are done by the instance, not here.
/// </summary>
public static class VrrpPacketReader
{
    /// <summary>Reads a VRRP message (the IP payload). Accepts either v3 IPv4 checksum rule and reports which one held.</summary>
    public static bool TryRead(ReadOnlySpan<byte> vrrpPayload, AddressFamily family, VrrpIpAddress source, VrrpIpAddress destination,
        out VrrpPacket packet, out VrrpDropReason reason)
    {
        packet = new VrrpPacket();
        return TryRead(vrrpPayload, family, source, destination, packet, out reason);
    }

    /// <summary>As <see cref="TryRead(ReadOnlySpan{byte}, AddressFamily, VrrpIpAddress, VrrpIpAddress, out VrrpPacket, out VrrpDropReason)"/>, refilling <paramref name="into"/> (no allocation once it has room).</summary>
    public static bool TryRead(ReadOnlySpan<byte> vrrpPayload, AddressFamily family, VrrpIpAddress source, VrrpIpAddress destination,
        VrrpPacket into, out VrrpDropReason reason)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.TtlOrHopLimit = -1;
        reason = Decode(vrrpPayload, family, source, destination, into);
        return reason == VrrpDropReason.None;
    }

    /// <summary>
    /// Reads a whole IPv4 datagram as a raw socket delivers it (header included), checking protocol 112
    /// and, when <paramref name="requireTtl255"/>, TTL 255 (RFC 5798 §7.1; keepalived skips it for unicast peers).
    /// </summary>
    public static bool TryReadIPv4(ReadOnlySpan<byte> ipPacket, bool requireTtl255, VrrpPacket into, out VrrpDropReason reason)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.TtlOrHopLimit = -1;
        if (ipPacket.Length < 20)
        {
            reason = VrrpDropReason.Truncated;
            return false;
        }

        int ihl = (ipPacket[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ipPacket[2..]);
        if ((ipPacket[0] >> 4) != 4 || ihl < 20 || totalLength < ihl)
        {
            reason = VrrpDropReason.BadIpHeader;
            return false;
        }

        if (ipPacket.Length < totalLength)
        {
            reason = VrrpDropReason.Truncated;
            return false;
        }

        if (ipPacket[9] != VrrpPacket.IpProtocol)
        {
            reason = VrrpDropReason.BadProtocol;
            return false;
        }

        int ttl = ipPacket[8];
        if (requireTtl255 && ttl != VrrpPacket.RequiredTtl)
        {
            reason = VrrpDropReason.BadTtl;
            return false;
        }

        var source = VrrpIpAddress.FromIPv4(ipPacket[12..]);
        var destination = VrrpIpAddress.FromIPv4(ipPacket[16..]);
        reason = Decode(ipPacket[ihl..totalLength], AddressFamily.InterNetwork, source, destination, into);
        into.TtlOrHopLimit = ttl;
        return reason == VrrpDropReason.None;
    }

    /// <summary>Allocating convenience form of <see cref="TryReadIPv4(ReadOnlySpan{byte}, bool, VrrpPacket, out VrrpDropReason)"/>.</summary>
    public static bool TryReadIPv4(ReadOnlySpan<byte> ipPacket, out VrrpPacket packet, out VrrpDropReason reason)
    {
        packet = new VrrpPacket();
        return TryReadIPv4(ipPacket, requireTtl255: true, packet, out reason);
    }

    /// <summary>
    /// Reads an IPv6 VRRP payload; the hop limit comes from ancillary data (IPV6_HOPLIMIT), -1 when unknown.
    /// </summary>
    public static bool TryReadIPv6(ReadOnlySpan<byte> vrrpPayload, VrrpIpAddress source, VrrpIpAddress destination, int hopLimit,
        bool requireHopLimit255, VrrpPacket into, out VrrpDropReason reason)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (requireHopLimit255 && hopLimit != -1 && hopLimit != VrrpPacket.RequiredTtl)
        {
            into.TtlOrHopLimit = hopLimit;
            reason = VrrpDropReason.BadTtl;
            return false;
        }

        reason = Decode(vrrpPayload, AddressFamily.InterNetworkV6, source, destination, into);
        into.TtlOrHopLimit = hopLimit;
        return reason == VrrpDropReason.None;
    }

    /// <summary>
    /// Reads a whole IPv6 datagram (fixed header, next header 112, no extension headers), as in a capture.
    /// Anything else — an ICMPv6 error quoting an advert, say — is <see cref="VrrpDropReason.BadProtocol"/>.
    /// </summary>
    public static bool TryReadIPv6Packet(ReadOnlySpan<byte> ipPacket, bool requireHopLimit255, VrrpPacket into, out VrrpDropReason reason)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.TtlOrHopLimit = -1;
        if (ipPacket.Length < 40)
        {
            reason = VrrpDropReason.Truncated;
            return false;
        }

        if ((ipPacket[0] >> 4) != 6)
        {
            reason = VrrpDropReason.BadIpHeader;
            return false;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ipPacket[4..]);
        if (ipPacket.Length < 40 + payloadLength)
        {
            reason = VrrpDropReason.Truncated;
            return false;
        }

        if (ipPacket[6] != VrrpPacket.IpProtocol)
        {
            reason = VrrpDropReason.BadProtocol;
            return false;
        }

        var source = VrrpIpAddress.FromIPv6(ipPacket[8..]);
        var destination = VrrpIpAddress.FromIPv6(ipPacket[24..]);
        return TryReadIPv6(ipPacket.Slice(40, payloadLength), source, destination, ipPacket[7], requireHopLimit255, into, out reason);
    }

    private static VrrpDropReason Decode(ReadOnlySpan<byte> data, AddressFamily family, VrrpIpAddress source, VrrpIpAddress destination, VrrpPacket p)
    {
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return VrrpDropReason.AddressFamilyMismatch;
        }

        if ((!source.IsNone && source.Family != family) || (!destination.IsNone && destination.Family != family))
        {
            return VrrpDropReason.AddressFamilyMismatch;
        }

        if (data.Length < VrrpPacket.HeaderLength)
        {
            return VrrpDropReason.Truncated;
        }

        int version = data[0] >> 4;
        int type = data[0] & 0x0F;
        // RFC 3768 is IPv4 only; keepalived runs IPv6 instances as v3.
        if (version is not (2 or 3) || (version == 2 && family == AddressFamily.InterNetworkV6))
        {
            return VrrpDropReason.BadVersion;
        }

        if (type != VrrpPacket.TypeAdvertisement)
        {
            return VrrpDropReason.BadType;
        }

        int count = data[3];
        int expected = VrrpPacket.GetLength(version, family, count);
        if (data.Length < expected)
        {
            return VrrpDropReason.Truncated;
        }

        if (data.Length > expected)
        {
            return VrrpDropReason.LengthMismatch;
        }

        int interval = version == 2 ? data[5] : BinaryPrimitives.ReadUInt16BigEndian(data[4..]) & 0x0FFF;
        if (version == 3 && (data[4] & 0xF0) != 0)
        {
            // RFC 5798 §5.2.5: rsvd MUST be zero on send and is ignored on receive; keep decoding.
        }

        VrrpChecksumKind kind;
        if (version == 2)
        {
            if (!VrrpChecksum.Verify(data, VrrpChecksumKind.MessageOnly, source, destination))
            {
                return VrrpDropReason.BadChecksum;
            }

            kind = VrrpChecksumKind.MessageOnly;
        }
        else if (!source.IsNone && !destination.IsNone && VrrpChecksum.Verify(data, VrrpChecksumKind.PseudoHeader, source, destination))
        {
            kind = VrrpChecksumKind.PseudoHeader;
        }
        else if (family == AddressFamily.InterNetwork && !source.IsNone && !destination.IsNone && destination != VrrpPacket.MulticastGroupIPv4
            && VrrpChecksum.Verify(data, VrrpChecksumKind.OldUnicastPseudoHeader, source, destination))
        {
            // Second try as keepalived does: a unicast advert from keepalived <= 1.3.6 (or old_unicast_checksum).
            kind = VrrpChecksumKind.OldUnicastPseudoHeader;
        }
        else if (family == AddressFamily.InterNetwork && VrrpChecksum.Verify(data, VrrpChecksumKind.MessageOnly, source, destination))
        {
            kind = VrrpChecksumKind.MessageOnly;
        }
        else
        {
            return VrrpDropReason.BadChecksum;
        }

        if (interval == 0)
        {
            return VrrpDropReason.InvalidAdvertInterval;
        }

        p.Version = version;
        p.Type = type;
        p.VirtualRouterId = data[1];
        p.Priority = data[2];
        p.AuthType = version == 2 ? (VrrpAuthType)data[4] : VrrpAuthType.None;
        p.AdvertInterval = interval;
        p.Checksum = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        p.ChecksumKind = kind;
        p.Family = family;
        p.Source = source;
        p.Destination = destination;
        p.SetAddressCount(count);
        Span<VrrpIpAddress> addresses = p.AddressStorage;
        int size = family == AddressFamily.InterNetwork ? 4 : 16;
        int offset = VrrpPacket.HeaderLength;
        for (int i = 0; i < count; i++, offset += size)
        {
            addresses[i] = VrrpIpAddress.Read(data[offset..], family);
        }

        Span<byte> auth = p.AuthDataStorage;
        if (version == 2)
        {
            data.Slice(offset, VrrpPacket.AuthDataLength).CopyTo(auth);
        }
        else
        {
            auth.Clear();
        }

        return VrrpDropReason.None;
    }
}
