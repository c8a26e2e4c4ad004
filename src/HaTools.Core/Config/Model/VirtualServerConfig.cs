using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// A virtual_server block: an IPVS service given as <c>IP PORT</c>, <c>fwmark N</c> or <c>group NAME</c>,
/// with its scheduling, persistence, quorum and real servers.
/// </summary>
public sealed record VirtualServerConfig : ConfigObject
{
    public IPAddress? Address { get; set; }

    public int? Port { get; set; }

    public int? FirewallMark { get; set; }

    /// <summary>Name of a virtual_server_group when declared as <c>virtual_server group NAME</c>.</summary>
    public string? GroupName { get; set; }

    public IpvsProtocol? Protocol { get; set; }

    public TimeSpan? DelayLoop { get; set; }

    /// <summary>lb_algo / lvs_sched: the IPVS scheduler name (rr, wrr, lc, wlc, sh, mh, dh, ...).</summary>
    public string? Scheduler { get; set; }

    /// <summary>lb_kind / lvs_method.</summary>
    public LvsMethod? Method { get; set; }

    /// <summary>persistence_timeout in seconds (keepalived: 360 when the keyword has no value).</summary>
    public int? PersistenceTimeout { get; set; }

    /// <summary>persistence_granularity: a netmask (IPv4) or prefix length (IPv6).</summary>
    public string? PersistenceGranularity { get; set; }

    public IPAddress? SorryServerAddress { get; set; }

    public int? SorryServerPort { get; set; }

    public bool SorryServerInhibit { get; set; }

    public string? VirtualHost { get; set; }

    public bool Alpha { get; set; }

    public bool Omega { get; set; }

    public int? Quorum { get; set; }

    public string? QuorumUp { get; set; }

    public string? QuorumDown { get; set; }

    public int? Hysteresis { get; set; }

    public bool HaSuspend { get; set; }

    public bool InhibitOnFailure { get; set; }

    public int? Retry { get; set; }

    public TimeSpan? DelayBeforeRetry { get; set; }

    public TimeSpan? Warmup { get; set; }

    public TimeSpan? ConnectTimeout { get; set; }

    public string? NotifyUp { get; set; }

    public string? NotifyDown { get; set; }

    public ConfigList<RealServerConfig> RealServers { get; set; } = new();

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    /// <summary>How the service is named on the virtual_server line ("10.0.0.1 80", "fwmark 5", "group web").</summary>
    public string Key => GroupName != null ? "group " + GroupName
        : FirewallMark is int m ? "fwmark " + m
        : Address is null ? "?" : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    public override string ToString() => $"virtual_server {Key} {Protocol?.ToString().ToUpperInvariant()} {Scheduler} {Method?.ToString().ToUpperInvariant()} ({RealServers.Count} real servers)";
}
