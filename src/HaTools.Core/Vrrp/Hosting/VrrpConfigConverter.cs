using HaTools.Core.Config;
using HaTools.Core.Scripts;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// Turns the config model (Import-KeepalivedConfig's objects) into runtime settings with keepalived's
/// defaults for everything the file left unset. Unknown vrrp_script / sync-group names are errors.
/// </summary>
public static class VrrpConfigConverter
{
    /// <summary>The VRRP part of a whole keepalived.conf: instances, sync groups, the vrrp_scripts they track.</summary>
    public static (IReadOnlyList<VrrpInstanceSettings> Instances, IReadOnlyList<VrrpSyncGroupSettings> Groups, IReadOnlyList<TrackScriptDefinition> Scripts)
        FromKeepalivedConfig(KeepalivedConfig config) => FromKeepalivedConfig(config, out _);

    /// <summary>As above, plus the track_file definitions the instances use.</summary>
    public static (IReadOnlyList<VrrpInstanceSettings> Instances, IReadOnlyList<VrrpSyncGroupSettings> Groups, IReadOnlyList<TrackScriptDefinition> Scripts)
        FromKeepalivedConfig(KeepalivedConfig config, out IReadOnlyList<TrackFileDefinition> files)
    {
        ArgumentNullException.ThrowIfNull(config);
        var scripts = config.VrrpScripts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var fileDefs = config.TrackFiles.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var instances = config.VrrpInstances.Select(i => FromInstance(i, scripts, config.GlobalDefs, fileDefs)).ToArray();
        files = config.VrrpInstances.SelectMany(i => i.TrackFiles).Select(t => t.Name).Distinct(StringComparer.Ordinal)
            .Select(n => new TrackFileDefinition(n, fileDefs[n].File ?? throw new HaToolsException("TrackFileWithoutPath", HaToolsErrorKind.InvalidArgument, $"track_file {n} has no file line.", fileDefs[n])))
            .ToArray();
        var groups = config.VrrpSyncGroups.Select(FromSyncGroup).ToArray();
        var used = config.VrrpInstances.SelectMany(i => i.TrackScripts).Concat(config.VrrpSyncGroups.SelectMany(g => g.TrackScripts))
            .Select(t => t.Name).Distinct(StringComparer.Ordinal);
        var defs = used.Select(n => FromScript(scripts[n], config.GlobalDefs)).ToArray();
        return (instances, groups, defs);
    }

    public static VrrpSyncGroupSettings FromSyncGroup(VrrpSyncGroupConfig g) => new()
    {
        Name = g.Name,
        Instances = g.Group.ToArray(),
        NotifyScripts = new VrrpNotifyScripts
        {
            NotifyMaster = g.NotifyMaster, NotifyBackup = g.NotifyBackup, NotifyFault = g.NotifyFault, NotifyStop = g.NotifyStop, Notify = g.Notify,
        },
    };

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
        IReadOnlyDictionary<string, TrackFileConfig>? files = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        string Need(string? v, string what) => !string.IsNullOrWhiteSpace(v) ? v
            : throw new HaToolsException("VrrpInstanceIncomplete", HaToolsErrorKind.InvalidArgument, $"vrrp_instance {c.Name} has no {what}.", c);

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

        var version = c.Version ?? globals?.VrrpVersion ?? 2;
        return new VrrpInstanceSettings
        {
            Name = c.Name,
            Interface = Need(c.Interface, "interface"),
            VirtualRouterId = (byte)(c.VirtualRouterId is int id && id is >= 1 and <= 255 ? id
                : throw new HaToolsException("VrrpInstanceIncomplete", HaToolsErrorKind.InvalidArgument, $"vrrp_instance {c.Name} needs virtual_router_id 1..255.", c)),
            Priority = c.Priority ?? 100,
            InitialState = c.State == Config.VrrpState.Master ? VrrpState.Master : VrrpState.Backup,
            Version = version,
            AdvertisementInterval = c.AdvertisementInterval ?? TimeSpan.FromSeconds(1),
            VirtualIPAddresses = c.VirtualIPAddresses.Select(v =>
                new VrrpVirtualAddress(v.Address, v.PrefixLength ?? (v.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), v.Device, v.Label, v.Scope)).ToArray(),
            NoPreempt = c.NoPreempt,
            PreemptDelay = c.PreemptDelay ?? TimeSpan.Zero,
            UnicastSourceIP = c.UnicastSourceIP,
            UnicastPeers = c.UnicastPeers.Select(u => u.Address).ToArray(),
            AuthType = c.AuthType switch { Config.VrrpAuthType.Pass => VrrpAuthType.Password, Config.VrrpAuthType.Ah => VrrpAuthType.AuthenticationHeader, _ => VrrpAuthType.None },
            AuthPass = c.AuthPass,
            Tracks = tracks,
            DontTrackPrimary = c.DontTrackPrimary,
            NotifyScripts = new VrrpNotifyScripts
            {
                NotifyMaster = c.NotifyMaster, NotifyBackup = c.NotifyBackup, NotifyFault = c.NotifyFault, NotifyStop = c.NotifyStop, Notify = c.Notify,
            },
            GarpMasterDelay = c.GarpMasterDelay ?? globals?.VrrpGarpMasterDelay ?? TimeSpan.FromSeconds(5),
            GarpMasterRepeat = c.GarpMasterRepeat ?? globals?.VrrpGarpMasterRepeat ?? 5,
            GarpMasterRefresh = c.GarpMasterRefresh ?? TimeSpan.Zero,
            GarpMasterRefreshRepeat = c.GarpMasterRefreshRepeat ?? 1,
            LowerPriorityNoAdvert = c.LowerPriorityNoAdvert,
            HigherPrioritySendAdvert = c.HigherPrioritySendAdvert,
            Accept = c.Accept ?? true,
        };
    }
}
