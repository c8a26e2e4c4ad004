using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// A vrrp_instance block (keepalived.conf(5), RFC 5798). Null means "not set in the file":
/// the runtime applies keepalived's default. AuthPass is masked in ToString and default views.
/// </summary>
public sealed record VrrpInstanceConfig : ConfigObject
{
    public string Name { get; set; } = "";

    public VrrpState? State { get; set; }

    public string? Interface { get; set; }

    public int? VirtualRouterId { get; set; }

    public int? Priority { get; set; }

    /// <summary>advert_int; fractional values are allowed for VRRPv3 (centisecond resolution).</summary>
    public TimeSpan? AdvertisementInterval { get; set; }

    /// <summary>VRRP version 2 or 3 (null: global vrrp_version, default 2).</summary>
    public int? Version { get; set; }

    public bool NoPreempt { get; set; }

    public TimeSpan? PreemptDelay { get; set; }

    /// <summary>accept (true) / no_accept (false) / unset (null).</summary>
    public bool? Accept { get; set; }

    public IPAddress? UnicastSourceIP { get; set; }

    public ConfigList<UnicastPeerConfig> UnicastPeers { get; set; } = new();

    public IPAddress? McastSourceIP { get; set; }

    public VrrpAuthType? AuthType { get; set; }

    /// <summary>The authentication password; exported exactly, masked everywhere it is displayed.</summary>
    public string? AuthPass { get; set; }

    public ConfigList<VirtualIPAddressConfig> VirtualIPAddresses { get; set; } = new();

    public ConfigList<VirtualIPAddressConfig> ExcludedVirtualIPAddresses { get; set; } = new();

    public ConfigList<VirtualRouteConfig> VirtualRoutes { get; set; } = new();

    public ConfigList<VirtualRuleConfig> VirtualRules { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackInterfaces { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackScripts { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackFiles { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackProcesses { get; set; } = new();

    public string? NotifyMaster { get; set; }

    public string? NotifyBackup { get; set; }

    public string? NotifyFault { get; set; }

    public string? NotifyStop { get; set; }

    public string? Notify { get; set; }

    public string? NotifyMasterRxLowerPriority { get; set; }

    public bool? SmtpAlert { get; set; }

    public TimeSpan? GarpMasterDelay { get; set; }

    public int? GarpMasterRepeat { get; set; }

    public TimeSpan? GarpMasterRefresh { get; set; }

    public int? GarpMasterRefreshRepeat { get; set; }

    public bool LowerPriorityNoAdvert { get; set; }

    public bool HigherPrioritySendAdvert { get; set; }

    /// <summary>use_vmac given; <see cref="VmacName"/> holds its optional interface name.</summary>
    public bool UseVmac { get; set; }

    public string? VmacName { get; set; }

    public bool VmacXmitBase { get; set; }

    public bool DontTrackPrimary { get; set; }

    public bool SkipCheckAdvAddr { get; set; }

    public bool StrictMode { get; set; }

    public int? Debug { get; set; }

    /// <summary>Every other valid vrrp_instance keyword, verbatim and in order.</summary>
    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() =>
        $"vrrp_instance {Name} ({State?.ToString().ToUpperInvariant() ?? "?"} {Interface} vrid {VirtualRouterId} prio {Priority}{(AuthPass != null ? " auth ********" : "")})";
}
