using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>
/// An IPv4 or IPv6 address held inline, so the advert hot path never allocates an <see cref="IPAddress"/>.
/// Ordering is numeric in network byte order, the rule RFC 5798 §6.4.3 uses to break priority ties.
/// </summary>
public readonly struct VrrpIpAddress : IEquatable<VrrpIpAddress>, IComparable<VrrpIpAddress>
{
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly AddressFamily _family;

    private VrrpIpAddress(ulong high, ulong low, AddressFamily family)
    {
        _high = high;
        _low = low;
        _family = family;
    }

    /// <summary>Unspecified/none: <see cref="Family"/> is <see cref="AddressFamily.Unspecified"/>.</summary>
    public static VrrpIpAddress None => default;

    public AddressFamily Family => _family;

    public bool IsNone => _family == AddressFamily.Unspecified;

    public bool IsIPv4 => _family == AddressFamily.InterNetwork;

    public bool IsIPv6 => _family == AddressFamily.InterNetworkV6;

    /// <summary>4 for IPv4, 16 for IPv6, 0 for none.</summary>
    public int Length => _family switch
    {
        AddressFamily.InterNetwork => 4,
        AddressFamily.InterNetworkV6 => 16,
        _ => 0,
    };

    /// <summary>Reads 4 bytes in network order.</summary>
    public static VrrpIpAddress FromIPv4(ReadOnlySpan<byte> bytes) =>
        new(0, BinaryPrimitives.ReadUInt32BigEndian(bytes), AddressFamily.InterNetwork);

    /// <summary>Reads 16 bytes in network order.</summary>
    public static VrrpIpAddress FromIPv6(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), AddressFamily.InterNetworkV6);

    /// <summary>Reads an address of <paramref name="family"/> from the start of <paramref name="bytes"/>.</summary>
    public static VrrpIpAddress Read(ReadOnlySpan<byte> bytes, AddressFamily family) =>
        family == AddressFamily.InterNetwork ? FromIPv4(bytes) : FromIPv6(bytes);

    public static VrrpIpAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> buffer = stackalloc byte[16];
        address.TryWriteBytes(buffer, out int written);
        return written == 4 ? FromIPv4(buffer) : FromIPv6(buffer);
    }

    public static VrrpIpAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    public static implicit operator VrrpIpAddress(IPAddress address) => FromIPAddress(address);

    /// <summary>Writes the address in network order; returns the bytes written (0 for none).</summary>
    public int WriteTo(Span<byte> destination)
    {
        switch (_family)
        {
            case AddressFamily.InterNetwork:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
                return 4;
            case AddressFamily.InterNetworkV6:
                BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
                BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
                return 16;
            default:
                return 0;
        }
    }

    /// <summary>Compares the bytes in <paramref name="bytes"/> (network order) with this address without decoding.</summary>
    public bool EqualsBytes(ReadOnlySpan<byte> bytes) => _family switch
    {
        AddressFamily.InterNetwork => bytes.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == (uint)_low,
        AddressFamily.InterNetworkV6 => bytes.Length >= 16 && BinaryPrimitives.ReadUInt64BigEndian(bytes) == _high
            && BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) == _low,
        _ => false,
    };

    /// <summary>True for fe80::/10, the source RFC 5798 §5.1.2.1 requires for IPv6 multicast adverts.</summary>
    public bool IsIPv6LinkLocal => IsIPv6 && (_high >> 54) == 0x3FA;

    public IPAddress ToIPAddress()
    {
        if (IsNone)
        {
            return IPAddress.None;
        }

        Span<byte> buffer = stackalloc byte[16];
        int n = WriteTo(buffer);
        return new IPAddress(buffer[..n]);
    }

    public bool Equals(VrrpIpAddress other) => _family == other._family && _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is VrrpIpAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_family, _high, _low);

    /// <summary>Numeric order; IPv4 sorts before IPv6, none before both.</summary>
    public int CompareTo(VrrpIpAddress other)
    {
        int c = ((int)_family).CompareTo((int)other._family);
        if (c != 0)
        {
            return c;
        }

        c = _high.CompareTo(other._high);
        return c != 0 ? c : _low.CompareTo(other._low);
    }

    public static bool operator ==(VrrpIpAddress left, VrrpIpAddress right) => left.Equals(right);

    public static bool operator !=(VrrpIpAddress left, VrrpIpAddress right) => !left.Equals(right);

    public static bool operator >(VrrpIpAddress left, VrrpIpAddress right) => left.CompareTo(right) > 0;

    public static bool operator <(VrrpIpAddress left, VrrpIpAddress right) => left.CompareTo(right) < 0;

    public override string ToString() => IsNone ? string.Empty : ToIPAddress().ToString();
}
