using System.Buffers.Binary;
using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>The Internet checksum (RFC 1071) over VRRP messages and their pseudo-headers.</summary>
public static class VrrpChecksum
{
    /// <summary>Adds 16-bit big-endian words of <paramref name="data"/> to a running 32-bit sum; an odd tail byte is padded with zero.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        ulong acc = sum;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            acc += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            acc += (uint)data[i] << 8;
        }

        while ((acc >> 16) != 0)
        {
            acc = (acc & 0xFFFF) + (acc >> 16);
        }

        return (uint)acc;
    }

    /// <summary>Folds and complements a running sum into the value to put in the checksum field.</summary>
    public static ushort Finish(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>
    /// Sum of the pseudo-header RFC 5798 §5.2.8 prescribes: RFC 8200 §8.1 for IPv6, and the same fields
    /// in IPv4 form (src, dst, zero, protocol 112, VRRP length) for IPv4.
    /// </summary>
    public static uint PseudoHeaderSum(VrrpIpAddress source, VrrpIpAddress destination, int vrrpLength)
    {
        Span<byte> buffer = stackalloc byte[40];
        if (source.Family == AddressFamily.InterNetworkV6)
        {
            source.WriteTo(buffer);
            destination.WriteTo(buffer[16..]);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[32..], (uint)vrrpLength);
            buffer[36] = 0;
            buffer[37] = 0;
            buffer[38] = 0;
            buffer[39] = VrrpPacket.IpProtocol;
            return Add(0, buffer);
        }

        source.WriteTo(buffer);
        destination.WriteTo(buffer[4..]);
        buffer[8] = 0;
        buffer[9] = VrrpPacket.IpProtocol;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)vrrpLength);
        return Add(0, buffer[..12]);
    }

    /// <summary>Computes the checksum field for a VRRP message whose checksum bytes (offset 6) are zero or ignored.</summary>
    public static ushort Compute(ReadOnlySpan<byte> message, VrrpChecksumKind kind, VrrpIpAddress source, VrrpIpAddress destination)
    {
        uint sum = StartSum(message.Length, kind, source, destination);
        sum = Add(sum, message[..6]);
        sum = Add(sum, message[8..]);
        return Finish(sum);
    }

    /// <summary>True when the message, checksum field included, sums to all ones under the given rule.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, VrrpChecksumKind kind, VrrpIpAddress source, VrrpIpAddress destination)
    {
        uint sum = StartSum(message.Length, kind, source, destination);
        return Finish(Add(sum, message)) == 0;
    }

    private static uint StartSum(int length, VrrpChecksumKind kind, VrrpIpAddress source, VrrpIpAddress destination) => kind switch
    {
        VrrpChecksumKind.PseudoHeader => PseudoHeaderSum(source, destination, length),
        // Old keepalived put the multicast group in the pseudo-header whatever the real destination was.
        VrrpChecksumKind.OldUnicastPseudoHeader => PseudoHeaderSum(source, VrrpPacket.MulticastGroupIPv4, length),
        _ => 0,
    };
}
