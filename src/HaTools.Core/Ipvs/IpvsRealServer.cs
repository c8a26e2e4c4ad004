using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Ipvs;

/// <summary>
/// A real server (IPVS destination) of a service. Address + Port identify it within its service;
/// the connection counters and Stats are filled when read back.
/// </summary>
public sealed record IpvsRealServer
{
    /// <summary>The service this real server belongs to (key and settings, without its real-server list).</summary>
    public IpvsService? Service { get; init; }

    /// <summary>Family of the real server's address; may differ from the service's for tunnels.</summary>
    public AddressFamily AddressFamily => Address.AddressFamily;

    public IPAddress Address { get; init; } = IPAddress.Any;

    public ushort Port { get; init; }

    /// <summary>ipvsadm's default is DirectRouting (-g).</summary>
    public IpvsForwardingMethod ForwardingMethod { get; init; } = IpvsForwardingMethod.DirectRouting;

    /// <summary>0 drains: no new connections, existing ones continue.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Stop scheduling above this many connections; 0 = no limit.</summary>
    public uint UpperThreshold { get; init; }

    /// <summary>Resume scheduling below this many connections; 0 = not set.</summary>
    public uint LowerThreshold { get; init; }

    public uint ActiveConnections { get; init; }

    public uint InactiveConnections { get; init; }

    public uint PersistentConnections { get; init; }

    public IpvsStats Stats { get; init; } = IpvsStats.Zero;

    public IpvsTunnelType TunnelType { get; init; } = IpvsTunnelType.Ipip;

    /// <summary>Destination port of GUE encapsulation.</summary>
    public ushort TunnelPort { get; init; }

    public IpvsTunnelFlags TunnelFlags { get; init; }

    /// <summary>"10.0.0.2:80" or "[2001:db8::2]:80", as ipvsadm -Ln shows it.</summary>
    public string Name => IpvsService.FormatEndpoint(Address, Port);

    /// <summary>True when both name the same destination (address and port) of a service.</summary>
    public bool HasSameKey(IpvsRealServer other) => Port == other.Port && Address.Equals(other.Address);

    /// <summary>True when the settings the user controls (not counters) are equal.</summary>
    public bool HasSameSettings(IpvsRealServer other) =>
        HasSameKey(other) && ForwardingMethod == other.ForwardingMethod && Weight == other.Weight &&
        UpperThreshold == other.UpperThreshold && LowerThreshold == other.LowerThreshold &&
        (ForwardingMethod != IpvsForwardingMethod.Tunnel ||
         (TunnelType == other.TunnelType && TunnelPort == other.TunnelPort && TunnelFlags == other.TunnelFlags));

    public override string ToString() => Service == null ? Name : $"{Service.Name} -> {Name}";
}
