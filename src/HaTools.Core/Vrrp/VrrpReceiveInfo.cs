namespace HaTools.Core.Vrrp;

/// <summary>
/// What the edge knows about a received datagram. For IPv4 raw sockets set <see cref="IncludesIPv4Header"/> and
/// pass the whole datagram (the loop reads TTL, addresses and protocol from it); for IPv6 pass the VRRP payload
/// with addresses and the hop limit from IPV6_HOPLIMIT ancillary data (-1 when unknown).
/// </summary>
public readonly record struct VrrpReceiveInfo(
    VrrpIpAddress Source,
    VrrpIpAddress Destination,
    int TtlOrHopLimit,
    int InterfaceIndex,
    bool IncludesIPv4Header = false);
