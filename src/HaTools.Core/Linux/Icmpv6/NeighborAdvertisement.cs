using System.Buffers.Binary;
using System.Net;

namespace HaTools.Core.Linux.Icmpv6;

/// <summary>ICMPv6 Neighbor Advertisement messages (RFC 4861 4.4) carrying a Target Link-Layer Address option.</summary>
public static class NeighborAdvertisement
{
    public const byte Type = 136;
    public const int Length = 32;
    public const byte FlagRouter = 0x80;
    public const byte FlagSolicited = 0x40;
    public const byte FlagOverride = 0x20;

    /// <summary>
    /// Unsolicited advertisement for <paramref name="target"/> (RFC 4861 7.2.6): Override set so caches
    /// switch to the new MAC, Solicited clear; the checksum is left 0 for the kernel to fill.
    /// </summary>
    public static int WriteUnsolicited(Span<byte> message, IPAddress target, ReadOnlySpan<byte> mac, bool router)
    {
        message.Slice(0, Length).Clear();
        message[0] = Type;
        message[4] = (byte)(FlagOverride | (router ? FlagRouter : 0));
        target.TryWriteBytes(message.Slice(8, 16), out _);
        message[24] = 2; // option: Target Link-Layer Address
        message[25] = 1; // length in units of 8 octets
        mac.Slice(0, 6).CopyTo(message.Slice(26));
        return Length;
    }

    /// <summary>Reads an NA; false when <paramref name="message"/> is not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out byte flags, out IPAddress? target, out byte[]? targetMac)
    {
        flags = 0;
        target = null;
        targetMac = null;
        if (message.Length < 24 || message[0] != Type || message[1] != 0)
        {
            return false;
        }

        flags = message[4];
        target = new IPAddress(message.Slice(8, 16));
        for (int offset = 24; offset + 8 <= message.Length;)
        {
            int optLength = message[offset + 1] * 8;
            if (optLength == 0 || offset + optLength > message.Length)
            {
                break;
            }

            if (message[offset] == 2)
            {
                targetMac = message.Slice(offset + 2, 6).ToArray();
            }

            offset += optLength;
        }

        return true;
    }

    internal static ushort Checksum(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadUInt16BigEndian(m.Slice(2));
}
