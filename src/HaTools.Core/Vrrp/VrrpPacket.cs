using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>
/// One VRRP advertisement (RFC 3768 §5.1 for v2, RFC 5798 §5.1 for v3) with the addresses it came from and went to.
/// A reader can refill one instance per packet, so the receive path allocates nothing in steady state.
/// </summary>
public sealed class VrrpPacket
{
    /// <summary>Fixed VRRP header: version/type, VRID, priority, count, auth type/rsvd + interval, checksum.</summary>
    public const int HeaderLength = 8;

    /// <summary>v2 authentication data after the addresses (RFC 3768 §5.3.10).</summary>
    public const int AuthDataLength = 8;

    /// <summary>IP protocol number of VRRP (RFC 5798 §5.2.4).</summary>
    public const byte IpProtocol = 112;

    /// <summary>Required IPv4 TTL / IPv6 hop limit (RFC 5798 §5.2.3).</summary>
    public const byte RequiredTtl = 255;

    public const byte TypeAdvertisement = 1;

    /// <summary>224.0.0.18, the IPv4 VRRP multicast group.</summary>
    public static readonly VrrpIpAddress MulticastGroupIPv4 = VrrpIpAddress.FromIPv4([224, 0, 0, 18]);

    /// <summary>ff02::12, the IPv6 VRRP multicast group.</summary>
    public static readonly VrrpIpAddress MulticastGroupIPv6 = VrrpIpAddress.FromIPv6([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12]);

    private VrrpIpAddress[] _addresses;
    private readonly byte[] _authData = new byte[AuthDataLength];

    /// <summary>An empty packet for a reader to fill.</summary>
    public VrrpPacket()
    {
        _addresses = [];
    }

    /// <summary>Builds an advert to send. <paramref name="advertInterval"/> is in the version's unit (v2 seconds, v3 centiseconds).</summary>
    public VrrpPacket(int version, byte virtualRouterId, byte priority, int advertInterval, ReadOnlySpan<VrrpIpAddress> addresses,
        VrrpAuthType authType = VrrpAuthType.None, ReadOnlySpan<byte> authData = default)
    {
        if (version is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "VRRP version must be 2 or 3.");
        }

        if (addresses.Length is 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(addresses), addresses.Length, "An advert carries 1 to 255 addresses.");
        }

        int maxInterval = version == 2 ? 255 : 4095;
        if (advertInterval < 1 || advertInterval > maxInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(advertInterval), advertInterval, $"VRRPv{version} advert interval must be 1..{maxInterval}.");
        }

        if (authData.Length > AuthDataLength)
        {
            throw new ArgumentOutOfRangeException(nameof(authData), "PASS authentication data is at most 8 bytes.");
        }

        AddressFamily family = addresses[0].Family;
        foreach (VrrpIpAddress a in addresses)
        {
            if (a.Family != family || a.IsNone)
            {
                throw new ArgumentException("All addresses of an advert must be of one family.", nameof(addresses));
            }
        }

        Version = version;
        Type = TypeAdvertisement;
        VirtualRouterId = virtualRouterId;
        Priority = priority;
        AdvertInterval = advertInterval;
        AuthType = version == 2 ? authType : VrrpAuthType.None;
        Family = family;
        _addresses = addresses.ToArray();
        AddressCount = addresses.Length;
        authData.CopyTo(_authData);
    }

    public int Version { get; internal set; }

    /// <summary>1 = ADVERTISEMENT; anything else is rejected by the reader.</summary>
    public int Type { get; internal set; }

    public byte VirtualRouterId { get; internal set; }

    /// <summary>0 = the master is leaving, 255 = address owner.</summary>
    public byte Priority { get; set; }

    /// <summary>The "Count IPvX Addr" field.</summary>
    public int AddressCount { get; internal set; }

    /// <summary>v2 only; None for v3.</summary>
    public VrrpAuthType AuthType { get; internal set; }

    /// <summary>Raw interval field: v2 in seconds (8 bits), v3 Max Adver Int in centiseconds (12 bits).</summary>
    public int AdvertInterval { get; set; }

    /// <summary>The interval as time, whatever the version.</summary>
    public TimeSpan AdvertisementInterval => Version == 3
        ? TimeSpan.FromMilliseconds(AdvertInterval * 10)
        : TimeSpan.FromSeconds(AdvertInterval);

    /// <summary>Checksum as it was on the wire (host order of the 16-bit field), or as last written.</summary>
    public ushort Checksum { get; internal set; }

    /// <summary>Which checksum rule the received packet satisfied.</summary>
    public VrrpChecksumKind ChecksumKind { get; internal set; }

    public AddressFamily Family { get; internal set; }

    /// <summary>IP source of a received packet.</summary>
    public VrrpIpAddress Source { get; internal set; }

    /// <summary>IP destination of a received packet (224.0.0.18 / ff02::12 or a unicast peer).</summary>
    public VrrpIpAddress Destination { get; internal set; }

    /// <summary>IPv4 TTL or IPv6 hop limit when known, else -1.</summary>
    public int TtlOrHopLimit { get; internal set; } = -1;

    /// <summary>The virtual addresses in the advert.</summary>
    public ReadOnlySpan<VrrpIpAddress> Addresses => _addresses.AsSpan(0, AddressCount);

    /// <summary>v2 PASS data, 8 bytes zero-padded (empty for v3).</summary>
    public ReadOnlySpan<byte> AuthData => Version == 2 ? _authData : ReadOnlySpan<byte>.Empty;

    /// <summary>Length of the VRRP message on the wire (header + addresses + v2 auth data).</summary>
    public int Length => GetLength(Version, Family, AddressCount);

    /// <summary>Copies the addresses out as <see cref="IPAddress"/> objects (allocates; for display and tests).</summary>
    public IPAddress[] GetAddresses()
    {
        var result = new IPAddress[AddressCount];
        for (int i = 0; i < AddressCount; i++)
        {
            result[i] = _addresses[i].ToIPAddress();
        }

        return result;
    }

    /// <summary>Length of a VRRP message with these parameters.</summary>
    public static int GetLength(int version, AddressFamily family, int addressCount) =>
        HeaderLength + (addressCount * (family == AddressFamily.InterNetworkV6 ? 16 : 4)) + (version == 2 ? AuthDataLength : 0);

    internal void SetAddressCount(int count)
    {
        if (_addresses.Length < count)
        {
            // Grows once to the largest advert seen; later packets reuse the array.
            _addresses = new VrrpIpAddress[Math.Max(count, 4)];
        }

        AddressCount = count;
    }

    internal Span<VrrpIpAddress> AddressStorage => _addresses.AsSpan(0, AddressCount);

    internal Span<byte> AuthDataStorage => _authData;

    public override string ToString() =>
        $"VRRPv{Version} VRID {VirtualRouterId} prio {Priority} {Source} -> {Destination} addrs {AddressCount} int {AdvertInterval}";
}
