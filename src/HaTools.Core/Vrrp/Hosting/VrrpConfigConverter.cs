using System.Globalization;
using System.Net.Sockets;
using HaTools.Core.Config;
using HaTools.Core.Scripts;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// Turns the config model (Import-KeepalivedConfig's objects) into runtime settings with keepalived's
/// defaults for everything the file left unset. Where keepalived accepts a setting with a warning and
/// adjusts it (v3 + authentication, fractional v2 intervals, nopreempt with state MASTER ...), the converter
/// adjusts it the same way and reports a warning naming file:line; it does not refuse what keepalived runs.
/// Unknown vrrp_script / track_file names are errors.
/// </summary>
public static class VrrpConfigConverter
{
    private static readonly TimeSpan MaxV2Interval = TimeSpan.FromSeconds(255);
    private static readonly TimeSpan MaxV3Interval = TimeSpan.FromMilliseconds(40950);
    private static readonly TimeSpan Centisecond = TimeSpan.FromMilliseconds(10);

    /// <summary>The VRRP part of a whole keepalived.conf: instances, sync groups, the vrrp_scripts they track.</summary>
    public static (IReadOnlyList<VrrpInstanceSettings> Instances, IReadOnlyList<VrrpSyncGroupSettings> Groups, IReadOnlyList<TrackScriptDefinition> Scripts)
        FromKeepalivedConfig(KeepalivedConfig config) => FromKeepalivedConfig(config, out _);

    /// <summary>As above, plus the track_file definitions the instances use; <paramref name="warnings"/> collects what keepalived would warn about and adjust.</summary>
    public static (IReadOnlyList<VrrpInstanceSettings> Instances, IReadOnlyList<VrrpSyncGroupSettings> Groups, IReadOnlyList<TrackScriptDefinition> Scripts)
        FromKeepalivedConfig(KeepalivedConfig config, out IReadOnlyList<TrackFileDefinition> files, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var scripts = config.VrrpScripts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var fileDefs = config.TrackFiles.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var instances = config.VrrpInstances.Select(i => FromInstance(i, scripts, config.GlobalDefs, fileDefs, warnings)).ToArray();
        files = config.VrrpInstances.SelectMany(i => i.TrackFiles).Select(t => t.Name).Distinct(StringComparer.Ordinal)
            .Select(n => new TrackFileDefinition(n, fileDefs[n].File ?? throw new HaToolsException("TrackFileWithoutPath", HaToolsErrorKind.InvalidArgument, $"track_file {n} has no file line.", fileDefs[n])))
            .ToArray();
        var names = instances.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var groups = config.VrrpSyncGroups.Select(g => FromSyncGroup(g, names, warnings)).ToArray();
        var used = config.VrrpInstances.SelectMany(i => i.TrackScripts).Concat(config.VrrpSyncGroups.SelectMany(g => g.TrackScripts))
            .Select(t => t.Name).Distinct(StringComparer.Ordinal);
        var defs = used.Select(n => FromScript(scripts[n], config.GlobalDefs)).ToArray();
        return (instances, groups, defs);
    }

    public static VrrpSyncGroupSettings FromSyncGroup(VrrpSyncGroupConfig g) => FromSyncGroup(g, null, null);

    /// <summary>
    /// One vrrp_sync_group. With <paramref name="knownInstances"/>, members that are not defined are dropped with a
    /// warning, as keepalived ignores them; a group of one is kept with keepalived's "probably not what you want" warning.
    /// </summary>
    public static VrrpSyncGroupSettings FromSyncGroup(VrrpSyncGroupConfig g, IReadOnlySet<string>? knownInstances, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        var members = new List<string>();
        foreach (var name in g.Group)
        {
            if (knownInstances is not null && !knownInstances.Contains(name))
                Warn(warnings, g, $"vrrp_sync_group {g.Name}: vrrp_instance {name} is not defined; ignoring it (as keepalived does).");
            else members.Add(name);
        }

        if (members.Count == 1)
            Warn(warnings, g, $"vrrp_sync_group {g.Name} has only 1 instance ({members[0]}); a sync group needs two to make a difference.");
        if (g.TrackInterfaces.Count + g.TrackScripts.Count + g.TrackFiles.Count + g.TrackProcesses.Count > 0)
            Warn(warnings, g, $"vrrp_sync_group {g.Name}: track_interface/track_script/track_file/track_process in a sync group are not supported by HaTools yet; track them in the member instances.");

        return new VrrpSyncGroupSettings
        {
            Name = g.Name,
            Instances = members.ToArray(),
            NotifyScripts = new VrrpNotifyScripts
            {
                NotifyMaster = g.NotifyMaster, NotifyBackup = g.NotifyBackup, NotifyFault = g.NotifyFault, NotifyStop = g.NotifyStop, Notify = g.Notify,
            },
        };
    }

    public static TrackScriptDefinition FromScript(VrrpScriptConfig s, GlobalDefsConfig? globals = null)
    {
        if (string.IsNullOrWhiteSpace(s.Script))
            throw new HaToolsException("TrackScriptWithoutCommand", HaToolsErrorKind.InvalidArgument, $"vrrp_script {s.Name} has no script line.", s);
        return new TrackScriptDefinition(s.Name, ScriptCommand.Parse(s.Script, s.User ?? globals?.ScriptUser, s.Group ?? globals?.ScriptGroup))
        {
            Interval = s.Interval ?? TimeSpan.FromSeconds(1),
            Timeout = s.Timeout,
            Rise = s.Rise ?? 1,
            Fall = s.Fall ?? 1,
            InitFail = s.InitFail,
        };
    }

    /// <summary>One vrrp_instance; <paramref name="scripts"/> supplies the default weight of tracked vrrp_scripts.</summary>
    public static VrrpInstanceSettings FromInstance(VrrpInstanceConfig c, IReadOnlyDictionary<string, VrrpScriptConfig>? scripts = null, GlobalDefsConfig? globals = null,
        IReadOnlyDictionary<string, TrackFileConfig>? files = null, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        string Need(string? v, string what) => !string.IsNullOrWhiteSpace(v) ? v
            : throw new HaToolsException("VrrpInstanceIncomplete", HaToolsErrorKind.InvalidArgument, $"vrrp_instance {c.Name} has no {what}.", c);
        void W(string message) => Warn(warnings, c, $"({c.Name}) {message}");

        var tracks = new List<VrrpTrack>();
        tracks.AddRange(c.TrackInterfaces.Select(t => new VrrpTrack(VrrpTrackKind.Interface, t.Name, t.Weight ?? 0, t.Reverse)));
        foreach (var t in c.TrackScripts)
        {
            VrrpScriptConfig? def = null;
            if (scripts is not null && !scripts.TryGetValue(t.Name, out def))
                throw new HaToolsException("TrackScriptNotFound", HaToolsErrorKind.ObjectNotFound, $"vrrp_instance {c.Name} tracks vrrp_script {t.Name}, which is not defined.", t);
            tracks.Add(new VrrpTrack(VrrpTrackKind.Script, t.Name, t.Weight ?? def?.Weight ?? 0, t.Reverse || (def?.WeightReverse ?? false)));
        }
        foreach (var t in c.TrackFiles)
        {
            TrackFileConfig? def = null;
            if (files is not null && !files.TryGetValue(t.Name, out def))
                throw new HaToolsException("TrackFileNotFound", HaToolsErrorKind.ObjectNotFound, $"vrrp_instance {c.Name} tracks track_file {t.Name}, which is not defined.", t);
            tracks.Add(new VrrpTrack(VrrpTrackKind.File, t.Name, t.Weight ?? def?.Weight ?? 1, t.Reverse || (def?.WeightReverse ?? false)));
        }

        // The instance's family is its first VIP's; keepalived ignores addresses of the other family.
        var vips = c.VirtualIPAddresses.Select(v =>
            new VrrpVirtualAddress(v.Address, v.PrefixLength ?? (v.Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128), v.Device, v.Label, v.Scope)).ToList();
        var family = vips.Count > 0 ? vips[0].Address.AddressFamily : AddressFamily.InterNetwork;
        foreach (var other in vips.Where(v => v.Address.AddressFamily != family).ToArray())
        {
            W($"virtual_ipaddress {other.Address}/{other.PrefixLength} is not of the instance's address family; ignoring it (as keepalived does; use virtual_ipaddress_excluded).");
            vips.Remove(other);
        }

        // keepalived: an IPv6 instance without an explicit version runs VRRPv3, whatever global vrrp_version says.
        var version = c.Version ?? (family == AddressFamily.InterNetworkV6 ? 3 : globals?.VrrpVersion ?? 2);

        // keepalived derives a missing priority from the state (MASTER: 255, the address owner) and a missing state from the priority.
        var priority = c.Priority ?? (c.State == Config.VrrpState.Master ? 255 : 100);
        var initial = c.State switch
        {
            Config.VrrpState.Master => VrrpState.Master,
            Config.VrrpState.Backup => VrrpState.Backup,
            _ => priority == 255 ? VrrpState.Master : VrrpState.Backup,
        };

        var (authType, authPass) = (c.AuthType, c.AuthPass);
        if (authType is not null)
        {
            if (version == 3)
            {
                W("VRRP version 3 does not support authentication; ignoring the authentication block (as keepalived does).");
                (authType, authPass) = (null, null);
            }
            else if (string.IsNullOrEmpty(authPass))
            {
                W("authentication has no auth_pass; ignoring it (as keepalived does).");
                (authType, authPass) = (null, null);
            }
            else if (authType == Config.VrrpAuthType.Ah && family == AddressFamily.InterNetworkV6)
            {
                W("AH authentication cannot be used with IPv6; ignoring it (as keepalived does).");
                (authType, authPass) = (null, null);
            }
        }

        WarnUnsupported(c, W);

        var noPreempt = c.NoPreempt;
        var preemptDelay = c.PreemptDelay ?? TimeSpan.Zero;
        if (preemptDelay < TimeSpan.Zero || preemptDelay > TimeSpan.FromSeconds(1000))
        {
            W($"preempt_delay {Seconds(preemptDelay)} is outside 0-1000 s; ignoring it (as keepalived does).");
            preemptDelay = TimeSpan.Zero;
        }
        if (noPreempt && priority == 255)
        {
            W("nopreempt does not apply to priority 255 (the address owner); clearing it (as keepalived does).");
            noPreempt = false;
        }
        if (initial == VrrpState.Master && noPreempt)
        {
            W("nopreempt does not work with initial state MASTER; clearing it (as keepalived does).");
            noPreempt = false;
        }
        if (initial == VrrpState.Master && preemptDelay > TimeSpan.Zero)
        {
            W("preempt_delay does not work with initial state MASTER; clearing it (as keepalived does).");
            preemptDelay = TimeSpan.Zero;
        }
        if (noPreempt && preemptDelay > TimeSpan.Zero)
        {
            W("preempt_delay has no effect with nopreempt; clearing it (as keepalived does).");
            preemptDelay = TimeSpan.Zero;
        }

        return new VrrpInstanceSettings
        {
            Name = c.Name,
            Interface = Need(c.Interface, "interface"),
            VirtualRouterId = (byte)(c.VirtualRouterId is int id && id is >= 1 and <= 255 ? id
                : throw new HaToolsException("VrrpInstanceIncomplete", HaToolsErrorKind.InvalidArgument, $"vrrp_instance {c.Name} needs virtual_router_id 1..255.", c)),
            Priority = priority,
            InitialState = initial,
            Version = version,
            AdvertisementInterval = AdvertisementInterval(c.AdvertisementInterval, version, W),
            VirtualIPAddresses = vips,
            NoPreempt = noPreempt,
            PreemptDelay = preemptDelay,
            UnicastSourceIP = c.UnicastSourceIP,
            UnicastPeers = c.UnicastPeers.Select(u => u.Address).ToArray(),

            // Passed explicitly so the runtime's own default never decides: keepalived checks only when told to.
            CheckUnicastSource = HasKeyword(c.OtherSettings, "check_unicast_src") || HasKeyword(globals?.OtherSettings, "vrrp_check_unicast_src"),
            AuthType = authType switch { Config.VrrpAuthType.Pass => VrrpAuthType.Password, Config.VrrpAuthType.Ah => VrrpAuthType.AuthenticationHeader, _ => VrrpAuthType.None },
            AuthPass = authPass,
            Tracks = tracks,
            DontTrackPrimary = c.DontTrackPrimary,
            NotifyScripts = new VrrpNotifyScripts
            {
                NotifyMaster = c.NotifyMaster, NotifyBackup = c.NotifyBackup, NotifyFault = c.NotifyFault, NotifyStop = c.NotifyStop, Notify = c.Notify,
            },
            GarpMasterDelay = c.GarpMasterDelay ?? globals?.VrrpGarpMasterDelay ?? TimeSpan.FromSeconds(5),
            GarpMasterRepeat = c.GarpMasterRepeat ?? globals?.VrrpGarpMasterRepeat ?? 5,
            GarpMasterRefresh = c.GarpMasterRefresh ?? globals?.VrrpGarpMasterRefresh ?? TimeSpan.Zero,
            GarpMasterRefreshRepeat = c.GarpMasterRefreshRepeat ?? globals?.VrrpGarpMasterRefreshRepeat ?? 1,
            LowerPriorityNoAdvert = c.LowerPriorityNoAdvert || (globals?.VrrpGarpLowerPriorityNoAdvert ?? false),
            HigherPrioritySendAdvert = c.HigherPrioritySendAdvert || (globals?.VrrpHigherPrioritySendAdvert ?? false),
            Accept = c.Accept ?? true,
        };
    }

    /// <summary>
    /// Keywords the model keeps (so export stays lossless) but the runtime does not act on. Each changes behaviour,
    /// so running without it silently would mislead: say so once per instance.
    /// </summary>
    private static void WarnUnsupported(VrrpInstanceConfig c, Action<string> warn)
    {
        var ignored = new List<string>();
        if (c.UseVmac) ignored.Add("use_vmac");
        if (c.McastSourceIP is not null) ignored.Add("mcast_src_ip");
        if (c.ExcludedVirtualIPAddresses.Count > 0) ignored.Add("virtual_ipaddress_excluded");
        if (c.VirtualRoutes.Count > 0) ignored.Add("virtual_routes");
        if (c.VirtualRules.Count > 0) ignored.Add("virtual_rules");
        if (c.StrictMode) ignored.Add("strict_mode");
        if (c.NotifyMasterRxLowerPriority is not null) ignored.Add("notify_master_rx_lower_pri");
        if (ignored.Count > 0)
            warn($"{string.Join(", ", ignored)} {(ignored.Count == 1 ? "is" : "are")} not supported by HaTools yet; the instance runs without {(ignored.Count == 1 ? "it" : "them")}.");
    }

    /// <summary>keepalived's advert_int rules: unset or 0 is 1 s; v2 whole seconds below 256 (rounded half up); v3 centiseconds below 40.96 s.</summary>
    private static TimeSpan AdvertisementInterval(TimeSpan? configured, int version, Action<string> warn)
    {
        var t = configured is { } v && v > TimeSpan.Zero ? v : TimeSpan.FromSeconds(1);
        if (version == 2)
        {
            if (t > MaxV2Interval)
            {
                warn($"VRRPv2 advert_int {Seconds(t)} is out of range; using 255 s (as keepalived does).");
                return MaxV2Interval;
            }
            if (t.Ticks % TimeSpan.TicksPerSecond == 0) return t;
            var whole = Math.Max(1, (t.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond);
            warn($"VRRPv2 advert_int {Seconds(t)} must be whole seconds; rounding to {whole} s (as keepalived does).");
            return TimeSpan.FromSeconds(whole);
        }

        if (t > MaxV3Interval)
        {
            warn($"VRRPv3 advert_int {Seconds(t)} is out of range; using 40.95 s (as keepalived does).");
            return MaxV3Interval;
        }
        if (t.Ticks % Centisecond.Ticks == 0) return t;
        var cs = Math.Max(1, (t.Ticks + (Centisecond.Ticks / 2)) / Centisecond.Ticks);
        var rounded = TimeSpan.FromTicks(cs * Centisecond.Ticks);
        warn($"VRRPv3 advert_int {Seconds(t)} must be in units of 10 ms; rounding to {Seconds(rounded)} (as keepalived does).");
        return rounded;
    }

    private static bool HasKeyword(IEnumerable<ConfigStatement>? statements, string keyword) =>
        statements?.Any(s => string.Equals(s.Keyword, keyword, StringComparison.Ordinal)) ?? false;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>"file:line: message" when the object knows where it was read, as Import-KeepalivedConfig's diagnostics read.</summary>
    private static void Warn(ICollection<string>? warnings, ConfigObject where, string message) =>
        warnings?.Add(where.SourceFile is { } f ? $"{f}:{where.Line}: {message}" : message);
}
