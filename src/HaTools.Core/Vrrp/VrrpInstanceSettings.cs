using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Vrrp;

/// <summary>
/// Runtime configuration of one VRRP instance (a vrrp_instance block). Defaults are keepalived 2.2's.
/// Built by the job from cmdlet parameters or from the config model; <see cref="Validate"/> before use.
/// </summary>
public sealed record VrrpInstanceSettings
{
    /// <summary>Instance name as in logs: "(VI_1) Entering MASTER STATE".</summary>
    public required string Name { get; init; }

    public required string Interface { get; init; }

    public required byte VirtualRouterId { get; init; }

    /// <summary>1..255; 255 = address owner (RFC 5798 §6.1). keepalived's default is 100.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>
    /// Initial state: Backup (default) waits Master_Down_Interval; Master takes over after one interval like keepalived
    /// (at once for the owner). keepalived derives a missing "state" from the priority (255 → MASTER): mappers do that.
    /// </summary>
    public VrrpState InitialState { get; init; } = VrrpState.Backup;

    /// <summary>2 or 3.</summary>
    public int Version { get; init; } = 2;

    /// <summary>v2: whole seconds 1..255; v3: 10 ms .. 40.95 s in centiseconds.</summary>
    public TimeSpan AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<VrrpVirtualAddress> VirtualIPAddresses { get; init; } = [];

    /// <summary>nopreempt: a higher-priority backup does not take over from a live master.</summary>
    public bool NoPreempt { get; init; }

    /// <summary>preempt_delay: after start, wait this long before preempting a lower-priority master.</summary>
    public TimeSpan PreemptDelay { get; init; }

    /// <summary>unicast_src_ip; null = the interface's primary address.</summary>
    public IPAddress? UnicastSourceIP { get; init; }

    /// <summary>unicast_peer; empty = multicast.</summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; init; } = [];

    /// <summary>
    /// check_unicast_src: in unicast mode, drop adverts whose source is not a unicast peer (counted as
    /// <see cref="VrrpDropReason.NonPeerSource"/>). Off by default, as in keepalived: any sender with the right
    /// VRID, auth and VIPs is heard.
    /// </summary>
    public bool CheckUnicastSource { get; init; }

    /// <summary>v2 only: None or Password (auth_type PASS).</summary>
    public VrrpAuthType AuthType { get; init; }

    /// <summary>auth_pass (first 8 bytes are used). Never logged or shown.</summary>
    public string? AuthPass { get; init; }

    public IReadOnlyList<VrrpTrack> Tracks { get; init; } = [];

    /// <summary>dont_track_primary: the instance's own interface going down does not cause FAULT.</summary>
    public bool DontTrackPrimary { get; init; }

    public VrrpNotifyScripts NotifyScripts { get; init; } = VrrpNotifyScripts.None;

    public TimeSpan GarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);

    public int GarpMasterRepeat { get; init; } = 5;

    /// <summary>0 = no periodic refresh.</summary>
    public TimeSpan GarpMasterRefresh { get; init; }

    public int GarpMasterRefreshRepeat { get; init; } = 1;

    /// <summary>Spacing between gratuitous ARPs / NAs of one burst (garp_interval / gna_interval).</summary>
    public TimeSpan GarpInterval { get; init; }

    /// <summary>garp_lower_prio_repeat: GARPs sent when a master hears a lower-priority advert (0 = off, keepalived's default).</summary>
    public int GarpLowerPriorityRepeat { get; init; }

    /// <summary>lower_prio_no_advert: a master hearing a lower priority does not answer with an advert.</summary>
    public bool LowerPriorityNoAdvert { get; init; }

    /// <summary>higher_prio_send_advert: a master hearing a higher priority sends one advert before yielding.</summary>
    public bool HigherPrioritySendAdvert { get; init; }

    /// <summary>v3 over IPv4: checksum without the pseudo-header (keepalived v3_checksum_as_v2 / older FRR).</summary>
    public bool V3ChecksumAsV2 { get; init; }

    /// <summary>old_unicast_checksum: which v3 IPv4 unicast checksum to send and accept (see <see cref="VrrpOldUnicastChecksum"/>).</summary>
    public VrrpOldUnicastChecksum OldUnicastChecksum { get; init; }

    /// <summary>accept (v3): informational for the edge (keepalived uses firewall rules for no_accept).</summary>
    public bool Accept { get; init; } = true;

    /// <summary>Address family of the instance, from the first VIP (or the unicast peers).</summary>
    public AddressFamily Family =>
        VirtualIPAddresses.Count > 0 ? VirtualIPAddresses[0].Address.AddressFamily
        : UnicastPeers.Count > 0 ? UnicastPeers[0].AddressFamily
        : AddressFamily.InterNetwork;

    /// <summary>Interval in the unit of the wire field: v2 seconds, v3 centiseconds.</summary>
    public int AdvertIntervalField => Version == 3
        ? (int)Math.Round(AdvertisementInterval.TotalMilliseconds / 10)
        : (int)Math.Round(AdvertisementInterval.TotalSeconds);

    public bool IsUnicast => UnicastPeers.Count > 0;

    public bool IsAddressOwner => Priority == 255;

    /// <summary>Returns the problems of this configuration, empty when it can run.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("Name is required.");
        }

        if (string.IsNullOrWhiteSpace(Interface))
        {
            problems.Add("Interface is required.");
        }

        if (VirtualRouterId == 0)
        {
            problems.Add("VirtualRouterId must be 1..255.");
        }

        if (Priority is < 1 or > 255)
        {
            problems.Add($"Priority {Priority} must be 1..255.");
        }

        if (Version is not (2 or 3))
        {
            problems.Add($"Version {Version} must be 2 or 3.");
        }

        if (InitialState is not (VrrpState.Backup or VrrpState.Master))
        {
            problems.Add($"InitialState {InitialState} must be Backup or Master.");
        }

        if (Version == 2)
        {
            if (AdvertisementInterval.Ticks % TimeSpan.TicksPerSecond != 0 || AdvertIntervalField is < 1 or > 255)
            {
                problems.Add($"VRRPv2 AdvertisementInterval {AdvertisementInterval.TotalSeconds}s must be whole seconds 1..255.");
            }
        }
        else if (AdvertisementInterval.Ticks % (TimeSpan.TicksPerMillisecond * 10) != 0 || AdvertIntervalField is < 1 or > 4095)
        {
            problems.Add($"VRRPv3 AdvertisementInterval {AdvertisementInterval.TotalSeconds}s must be 0.01..40.95 s in centiseconds.");
        }

        if (VirtualIPAddresses.Count is 0 or > 255)
        {
            problems.Add("An instance needs 1..255 virtual IP addresses.");
        }
        else if (VirtualIPAddresses.Any(v => v.Address.AddressFamily != Family))
        {
            problems.Add("All virtual IP addresses of an instance must be of one family (keepalived: use virtual_ipaddress_excluded for the other).");
        }

        if (Family == AddressFamily.InterNetworkV6 && Version == 2)
        {
            problems.Add("IPv6 instances need Version 3.");
        }

        if (UnicastPeers.Any(p => p.AddressFamily != Family) || (UnicastSourceIP is not null && UnicastSourceIP.AddressFamily != Family))
        {
            problems.Add("Unicast source and peers must be of the instance's address family.");
        }

        if (AuthType == VrrpAuthType.AuthenticationHeader)
        {
            problems.Add("auth_type AH is not supported.");
        }

        // keepalived ignores auth for v3 with a warning; settings refuse it so a cmdlet user learns at once.
        // (Start-VrrpInstance's tests rely on this message; config mappers drop auth for v3 as keepalived does.)
        if (AuthType != VrrpAuthType.None && Version == 3)
        {
            problems.Add("VRRPv3 has no authentication (RFC 5798 §9).");
        }

        if (OldUnicastChecksum == VrrpOldUnicastChecksum.Always && V3ChecksumAsV2)
        {
            problems.Add("old_unicast_checksum and v3_checksum_as_v2 exclude each other.");
        }

        if (AuthType == VrrpAuthType.Password && string.IsNullOrEmpty(AuthPass))
        {
            problems.Add("auth_type PASS needs AuthPass.");
        }

        if (PreemptDelay < TimeSpan.Zero || PreemptDelay > TimeSpan.FromSeconds(1000))
        {
            problems.Add("PreemptDelay must be 0..1000 s.");
        }

        if (GarpMasterRepeat < 0 || GarpMasterRefreshRepeat < 0 || GarpLowerPriorityRepeat < 0)
        {
            problems.Add("GARP repeat counts must not be negative.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="HaToolsException"/> (ErrorId VrrpInvalidSettings) when <see cref="GetProblems"/> is not empty.</summary>
    public void Validate()
    {
        IReadOnlyList<string> problems = GetProblems();
        if (problems.Count > 0)
        {
            throw new HaToolsException("VrrpInvalidSettings", HaToolsErrorKind.InvalidArgument,
                $"VRRP instance '{Name}': {string.Join(" ", problems)}", this);
        }
    }

    /// <summary>The 8 bytes of PASS data on the wire: auth_pass truncated/zero padded.</summary>
    public byte[] GetAuthData()
    {
        var data = new byte[VrrpPacket.AuthDataLength];
        if (AuthType == VrrpAuthType.Password && AuthPass is not null)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(AuthPass);
            bytes.AsSpan(0, Math.Min(bytes.Length, data.Length)).CopyTo(data);
        }

        return data;
    }

    /// <summary>Keeps the password out of logs and default output (DESIGN principle 7).</summary>
    public override string ToString() =>
        $"VrrpInstanceSettings {{ Name = {Name}, Interface = {Interface}, VRID = {VirtualRouterId}, Priority = {Priority}, Version = {Version}, AuthPass = {(AuthPass is null ? "" : "****")} }}";
}
