using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>What the loop asks the transport to open: one channel per (interface, family), shared by the instances on it.</summary>
public sealed record VrrpChannelOptions
{
    public required string Interface { get; init; }

    public required AddressFamily Family { get; init; }

    /// <summary>Join 224.0.0.18 / ff02::12 on the interface (some instance on it is multicast).</summary>
    public bool JoinMulticastGroup { get; init; } = true;

    /// <summary>Unicast source addresses configured on instances of this channel (unicast_src_ip), for binding.</summary>
    public IReadOnlyList<VrrpIpAddress> UnicastSources { get; init; } = [];
}
