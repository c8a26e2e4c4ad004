namespace HaTools.Core.Vrrp;

/// <summary>Why a received packet was not accepted as an advert for an instance. One counter per value.</summary>
public enum VrrpDropReason
{
    None = 0,
    /// <summary>Shorter than its headers, its address list or its IP total length says.</summary>
    Truncated,
    /// <summary>More bytes than the header's address count accounts for (keepalived: packet_len_err).</summary>
    LengthMismatch,
    /// <summary>IPv4 header malformed (not version 4, bad IHL, total length below header).</summary>
    BadIpHeader,
    /// <summary>IP protocol / next header is not 112.</summary>
    BadProtocol,
    /// <summary>IPv4 TTL or IPv6 hop limit is not 255 (RFC 5798 §7.1).</summary>
    BadTtl,
    /// <summary>VRRP version is neither 2 nor 3, or not the version the instance runs.</summary>
    BadVersion,
    /// <summary>Type is not 1 (ADVERTISEMENT).</summary>
    BadType,
    /// <summary>Checksum wrong under every rule.</summary>
    BadChecksum,
    /// <summary>v3 IPv4 checksum valid only under the other rule than the instance uses (pseudo-header vs v3_checksum_as_v2).</summary>
    ChecksumVariantMismatch,
    /// <summary>The VRID is not one of ours on this interface.</summary>
    UnknownVirtualRouterId,
    /// <summary>v2 auth type differs from ours.</summary>
    AuthTypeMismatch,
    /// <summary>v2 PASS data differs from ours.</summary>
    AuthFailure,
    /// <summary>Count IP Addrs differs from our VIP count (RFC 3768 §7.1 MAY; keepalived drops).</summary>
    AddressCountMismatch,
    /// <summary>The address list differs from our VIPs (keepalived logs and drops).</summary>
    AddressListMismatch,
    /// <summary>v2 advert interval differs from ours (RFC 3768 §7.1 MUST).</summary>
    AdvertIntervalMismatch,
    /// <summary>v3 Max Adver Int of 0 or a v2 interval of 0.</summary>
    InvalidAdvertInterval,
    /// <summary>Unicast mode: the source is not one of the configured peers.</summary>
    NonPeerSource,
    /// <summary>A multicast advert on a unicast instance or a unicast one on a multicast instance.</summary>
    UnexpectedDestination,
    /// <summary>Address family of the packet or of its addresses does not match the instance.</summary>
    AddressFamilyMismatch,
    /// <summary>Our own advert looped back to us.</summary>
    OwnAdvertisement,
}
