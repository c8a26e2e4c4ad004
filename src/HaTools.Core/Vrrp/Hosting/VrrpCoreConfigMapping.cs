using HaTools.Core.Config;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// The parts of a keepalived.conf the VRRP core adds on top of <see cref="VrrpConfigConverter"/>:
/// vrrp_track_process definitions and track_process entries, check_unicast_src (instance or global
/// vrrp_check_unicast_src), old_unicast_checksum [never], and track_bfd (ignored with a warning: no BFD daemon).
/// Run it on the converter's instances: <c>Apply(config, VrrpConfigConverter.FromKeepalivedConfig(config).Instances)</c>.
/// </summary>
public static class VrrpCoreConfigMapping
{
    /// <summary>The instances with these settings applied, the process definitions they track, and warnings for the log.</summary>
    public static (IReadOnlyList<VrrpInstanceSettings> Instances, IReadOnlyList<TrackProcessDefinition> Processes, IReadOnlyList<string> Warnings)
        Apply(KeepalivedConfig config, IReadOnlyList<VrrpInstanceSettings> instances)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(instances);
        var defs = config.TrackProcesses.ToDictionary(p => p.Name, FromTrackProcess, StringComparer.Ordinal);
        var byName = config.VrrpInstances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        bool globalCheckSource = config.GlobalDefs.OtherSettings.Any(s => s.Keyword == "vrrp_check_unicast_src");
        var warnings = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<VrrpInstanceSettings>();
        foreach (VrrpInstanceSettings s in instances)
        {
            if (!byName.TryGetValue(s.Name, out VrrpInstanceConfig? c))
            {
                result.Add(s);
                continue;
            }

            var tracks = s.Tracks.Where(t => t.Kind != VrrpTrackKind.Process).ToList();
            foreach (TrackedObjectConfig t in c.TrackProcesses)
            {
                if (!defs.TryGetValue(t.Name, out TrackProcessDefinition? def))
                {
                    throw new HaToolsException("TrackProcessNotFound", HaToolsErrorKind.ObjectNotFound,
                        $"vrrp_instance {c.Name} tracks vrrp_track_process {t.Name}, which is not defined.", t);
                }

                used.Add(t.Name);
                tracks.Add(new VrrpTrack(VrrpTrackKind.Process, t.Name, t.Weight ?? def.Weight, t.Reverse || def.WeightReverse));
            }

            foreach (ConfigStatement bfd in c.OtherSettings.Where(o => o.Keyword == "track_bfd"))
            {
                foreach (string name in (bfd.Children ?? []).Select(b => b.Keyword).Concat(bfd.Arguments))
                {
                    warnings.Add(BfdWarning(c.Name, name));
                }
            }

            ConfigStatement? oldChecksum = c.OtherSettings.FirstOrDefault(o => o.Keyword == "old_unicast_checksum");
            result.Add(s with
            {
                Tracks = tracks,
                CheckUnicastSource = s.CheckUnicastSource || globalCheckSource || c.OtherSettings.Any(o => o.Keyword == "check_unicast_src"),
                OldUnicastChecksum = oldChecksum is null ? s.OldUnicastChecksum
                    : oldChecksum.Arguments.Count > 0 && oldChecksum.Arguments[0] == "never" ? VrrpOldUnicastChecksum.Never
                    : VrrpOldUnicastChecksum.Always,
            });
        }

        return (result, used.Select(n => defs[n]).ToArray(), warnings);
    }

    /// <summary>A vrrp_track_process block as the tracker runs it (keepalived's defaults and implications).</summary>
    public static TrackProcessDefinition FromTrackProcess(TrackProcessConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (string.IsNullOrEmpty(c.Process))
        {
            throw new HaToolsException("TrackProcessWithoutProcess", HaToolsErrorKind.InvalidArgument, $"vrrp_track_process {c.Name} has no process line.", c);
        }

        VrrpProcessParameterMatch match = VrrpProcessParameterMatch.None;
        bool fullCommand = false;
        TimeSpan? fork = null, terminate = null;
        foreach (ConfigStatement o in c.OtherSettings)
        {
            switch (o.Keyword)
            {
                case "param_match":
                    match = o.Arguments.Count == 0 ? VrrpProcessParameterMatch.Exact
                        : o.Arguments[0] == "initial" ? VrrpProcessParameterMatch.Initial
                        : o.Arguments[0] == "partial" ? VrrpProcessParameterMatch.Partial
                        : throw new HaToolsException("TrackProcessInvalid", HaToolsErrorKind.InvalidArgument,
                            $"vrrp_track_process {c.Name}: param_match '{o.Arguments[0]}' must be initial or partial.", o);
                    break;
                case "full_command":
                    fullCommand = true;
                    break;
                case "fork_delay":
                    fork = Seconds(c, o);
                    break;
                case "terminate_delay":
                    terminate = Seconds(c, o);
                    break;
            }
        }

        return new TrackProcessDefinition(c.Name, c.Process)
        {
            Parameters = c.Parameters.ToArray(),
            ParameterMatch = match,
            FullCommand = fullCommand,
            Weight = c.Weight ?? 0,
            Quorum = c.Quorum ?? 1,
            QuorumMax = c.QuorumMax ?? int.MaxValue,
            ForkDelay = fork ?? c.Delay ?? TimeSpan.Zero,
            TerminateDelay = terminate ?? c.Delay ?? TimeSpan.Zero,
        };
    }

    /// <summary>What the runtime logs for a track_bfd: keepalived without BFD support ignores it the same way.</summary>
    public static string BfdWarning(string instance, string bfd) =>
        $"({instance}) track_bfd {bfd} ignored: HaTools has no BFD session daemon (as keepalived built without BFD support ignores track_bfd)";

    private static TimeSpan Seconds(TrackProcessConfig c, ConfigStatement o) =>
        o.Arguments.Count > 0 && ConfigValues.TryParseTimer(o.Arguments[0], out TimeSpan t) ? t
        : throw new HaToolsException("TrackProcessInvalid", HaToolsErrorKind.InvalidArgument, $"vrrp_track_process {c.Name}: {o.Keyword} needs a time in seconds.", o);
}
