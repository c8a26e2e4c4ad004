using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Ipvs;

/// <summary>
/// A virtual service: either protocol + address + port, or a firewall mark (with a family). The key fields
/// identify it in the kernel; the rest are its settings; Stats and RealServers are filled when read back.
/// </summary>
public sealed record IpvsService
{
    public AddressFamily AddressFamily { get; init; } = AddressFamily.InterNetwork;

    /// <summary>Null for a firewall-mark service.</summary>
    public IpvsProtocol? Protocol { get; init; }

    /// <summary>Null for a firewall-mark service.</summary>
    public IPAddress? Address { get; init; }

    public ushort Port { get; init; }

    /// <summary>Non-zero for a firewall-mark service (ipvsadm -f).</summary>
    public uint FirewallMark { get; init; }

    /// <summary>Scheduler name: rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh.</summary>
    public string Scheduler { get; init; } = "wlc";

    public IpvsServiceFlags Flags { get; init; }

    /// <summary>Persistence timeout in seconds; meaningful with <see cref="IpvsServiceFlags.Persistent"/>.</summary>
    public uint PersistenceTimeout { get; init; }

    /// <summary>Persistence granularity as a prefix length (ipvsadm -M); null = per client address (/32, /128).</summary>
    public int? PersistencePrefixLength { get; init; }

    /// <summary>Persistence engine (ipvsadm --pe, e.g. sip); null when none.</summary>
    public string? PersistenceEngine { get; init; }

    public IpvsStats Stats { get; init; } = IpvsStats.Zero;

    /// <summary>Real servers, when read with them or given as desired state.</summary>
    public IReadOnlyList<IpvsRealServer> RealServers { get; init; } = Array.Empty<IpvsRealServer>();

    public bool IsFirewallMark => FirewallMark != 0;

    public bool IsPersistent => (Flags & IpvsServiceFlags.Persistent) != 0;

    public bool IsOnePacket => (Flags & IpvsServiceFlags.OnePacket) != 0;

    /// <summary>The service as ipvsadm -Ln names it: "TCP 10.0.0.1:80", "UDP [2001:db8::1]:53", "FWM 5", "FWM 5 IPv6".</summary>
    public string Name => IsFirewallMark
        ? "FWM " + FirewallMark.ToString(CultureInfo.InvariantCulture) + (AddressFamily == AddressFamily.InterNetworkV6 ? " IPv6" : "")
        : $"{Protocol} {FormatEndpoint(Address, Port)}";

    /// <summary>The default persistence prefix for the family (32 or 128) when none is set.</summary>
    public int EffectivePrefixLength => PersistencePrefixLength ?? (AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);

    /// <summary>True when both name the same kernel service (family, protocol, address, port or mark).</summary>
    public bool HasSameKey(IpvsService other) =>
        AddressFamily == other.AddressFamily && FirewallMark == other.FirewallMark &&
        (IsFirewallMark || (Protocol == other.Protocol && Port == other.Port && Equals(Address, other.Address)));

    /// <summary>Only the key (and family); what the kernel needs to find the service.</summary>
    public IpvsService KeyOnly() => new()
    {
        AddressFamily = AddressFamily, Protocol = Protocol, Address = Address, Port = Port, FirewallMark = FirewallMark,
        Scheduler = Scheduler, Flags = Flags, PersistenceTimeout = PersistenceTimeout, PersistencePrefixLength = PersistencePrefixLength,
        PersistenceEngine = PersistenceEngine,
    };

    public override string ToString() => Name;

    public static string FormatEndpoint(IPAddress? address, ushort port) =>
        address == null ? ":" + port.ToString(CultureInfo.InvariantCulture)
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}"
        : $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";
}
