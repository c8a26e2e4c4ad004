using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Linux.Sockets;

/// <summary>
/// Writes and reads the kernel's sockaddr layouts byte by byte (family in host order, port and
/// addresses in network order) so no struct layout is guessed.
/// </summary>
internal static class SocketAddresses
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int AF_PACKET = 17;
    public const int SockaddrIn4Size = 16;
    public const int SockaddrIn6Size = 28;
    public const int SockaddrLlSize = 20;

    /// <summary>sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) for <paramref name="address"/>; returns the length written.</summary>
    public static int Write(Span<byte> buffer, IPAddress address, int scopeId = 0)
    {
        buffer.Clear();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, AF_INET);
            address.TryWriteBytes(buffer.Slice(4, 4), out _);
            return SockaddrIn4Size;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(buffer, AF_INET6);
        address.TryWriteBytes(buffer.Slice(8, 16), out _);
        long scope = address.IsIPv6LinkLocal || address.IsIPv6Multicast ? (address.ScopeId != 0 ? address.ScopeId : scopeId) : 0;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.Slice(24, 4), (uint)scope);
        return SockaddrIn6Size;
    }

    /// <summary>sockaddr_in/sockaddr_in6 from raw address bytes (4 or 16, network order); IPv6 link-local and multicast get <paramref name="scopeId"/>.</summary>
    public static int Write(Span<byte> buffer, ReadOnlySpan<byte> address, int scopeId)
    {
        buffer.Clear();
        if (address.Length == 4)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, AF_INET);
            address.CopyTo(buffer.Slice(4, 4));
            return SockaddrIn4Size;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(buffer, AF_INET6);
        address.CopyTo(buffer.Slice(8, 16));
        bool scoped = address[0] == 0xff || (address[0] == 0xfe && (address[1] & 0xc0) == 0x80);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.Slice(24, 4), scoped ? (uint)scopeId : 0);
        return SockaddrIn6Size;
    }

    /// <summary>Reads the address out of a sockaddr_in/sockaddr_in6; null for other families.</summary>
    public static IPAddress? Read(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 2)
        {
            return null;
        }

        int family = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
        if (family == AF_INET && sockaddr.Length >= 8)
        {
            return new IPAddress(sockaddr.Slice(4, 4));
        }

        if (family == AF_INET6 && sockaddr.Length >= 24)
        {
            return new IPAddress(sockaddr.Slice(8, 16));
        }

        return null;
    }

    /// <summary>sockaddr_ll for sending on <paramref name="ifIndex"/> with Ethernet protocol <paramref name="ethertype"/> to <paramref name="destination"/>.</summary>
    public static int WritePacket(Span<byte> buffer, int ifIndex, ushort ethertype, ReadOnlySpan<byte> destination)
    {
        buffer.Slice(0, SockaddrLlSize).Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, AF_PACKET);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), ethertype);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.Slice(4), ifIndex);
        buffer[11] = (byte)Math.Min(destination.Length, 8);
        destination.Slice(0, buffer[11]).CopyTo(buffer.Slice(12));
        return SockaddrLlSize;
    }
}
