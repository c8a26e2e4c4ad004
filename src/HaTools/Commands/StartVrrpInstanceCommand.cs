using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;
using HaTools.Core;
using HaTools.Core.Config;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Scripts;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;
using HaTools.Jobs;
using CoreState = HaTools.Core.Vrrp.VrrpState;

namespace HaTools.Commands;

/// <summary>
/// Starts VRRP instances (keepalived's vrrp_instance) in a <see cref="VrrpJob"/>, from parameters or from
/// Import-KeepalivedConfig objects on the pipeline. -Wait runs in the foreground until Ctrl+C.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "VrrpInstance", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(VrrpJob))]
public sealed class StartVrrpInstanceCommand : HaToolsCmdlet
{
    public const string ParametersSet = "Parameters";
    public const string ConfigSet = "Config";
    public const string InputObjectSet = "InputObject";

    private readonly List<VrrpInstanceSettings> _instances = new();
    private readonly List<VrrpSyncGroupSettings> _groups = new();
    private readonly List<TrackScriptDefinition> _scripts = new();
    private readonly List<TrackFileDefinition> _files = new();
    private readonly List<TrackProcessDefinition> _processes = new();
    private readonly ManualResetEventSlim _stopRequested = new();

    // -SyncGroup name -> the instances started under it, in order.
    private readonly Dictionary<string, List<string>> _requestedGroups = new(StringComparer.Ordinal);

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.InterfaceNameCompleter))]
    public string Interface { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true, Mandatory = true)]
    [ValidateRange(1, 255)]
    [Alias("Vrid")]
    public int VirtualRouterId { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 255)]
    public int Priority { get; set; } = 100;

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("MASTER", "BACKUP", IgnoreCase = true)]
    public string State { get; set; } = "BACKUP";

    /// <summary>Seconds: whole 1..255 for v2; 0.01..40.95 (centiseconds) for v3.</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.01, 255.0)]
    public double AdvertisementInterval { get; set; } = 1;

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(2, 3)]
    public int Version { get; set; } = 2;

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [Alias("VIP", "VirtualIPAddresses")]
    public string[] VirtualIPAddress { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [VrrpSwitchTransformation]
    public SwitchParameter NoPreempt { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 1000.0)]
    public double PreemptDelay { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public IPAddress? UnicastSourceIP { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public IPAddress[] UnicastPeer { get; set; } = Array.Empty<IPAddress>();

    /// <summary>v2 auth_type PASS; a SecureString or a string, never echoed.</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public object? AuthPass { get; set; }

    /// <summary>"eth1" or "eth1 weight -20 [reverse]".</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public string[] TrackInterface { get; set; } = Array.Empty<string>();

    /// <summary>@{ Script = '/usr/bin/check arg'; Name; Interval; Timeout; Weight; Rise; Fall; User; Group; InitFail; Reverse }.</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public Hashtable[] TrackScript { get; set; } = Array.Empty<Hashtable>();

    /// <summary>@{ Path = '/run/prio'; Weight = 1; Name; Reverse }: priority += number in the file × weight (keepalived track_file).</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public Hashtable[] TrackFile { get; set; } = Array.Empty<Hashtable>();

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public string? NotifyMaster { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public string? NotifyBackup { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public string? NotifyFault { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public string? NotifyStop { get; set; }

    /// <summary>Called as: script INSTANCE name MASTER|BACKUP|FAULT|STOP priority.</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    public string? Notify { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 1000.0)]
    public double GarpMasterDelay { get; set; } = 5;

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 255)]
    public int GarpMasterRepeat { get; set; } = 5;

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 86400.0)]
    public double GarpMasterRefresh { get; set; }

    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [VrrpSwitchTransformation]
    public SwitchParameter Accept { get; set; }

    /// <summary>Import-KeepalivedConfig output: KeepalivedConfig, VrrpInstanceConfig or VrrpSyncGroupConfig objects.</summary>
    [Parameter(ParameterSetName = ConfigSet, Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ConfigObject[] Config { get; set; } = Array.Empty<ConfigObject>();

    /// <summary>
    /// The same objects from the pipeline, one at a time. Typed as the config base class, not object, so a
    /// [pscustomobject] binds to the parameters by name instead. Also by property name: without a second set that
    /// takes input by name, PowerShell latches piped input to the default (Parameters) set, and a VrrpInstanceConfig
    /// would bind by its property names there.
    /// </summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public ConfigObject? InputObject { get; set; }

    /// <summary>
    /// keepalived's vrrp_sync_group: the instances this call starts (from parameters, the pipeline or -Config) move
    /// together under this name. Pipeline objects may carry their own SyncGroup property.
    /// </summary>
    /// <remarks>
    /// Declared per set, not for all sets: a by-property-name parameter in every set stops PowerShell from
    /// dropping the -Config set before pipeline binding, and it then latches piped rows to the wrong set.
    /// </remarks>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [ValidateNotNullOrEmpty]
    public string? SyncGroup { get; set; }

    /// <summary>keepalived's net_namespace: run in this named network namespace.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NetworkNamespaceCompleter))]
    public string? NetworkNamespace { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JobName { get; set; }

    /// <summary>Run in the foreground, writing transitions and log lines, until Ctrl+C.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override void BeginProcessing()
    {
        EnsureLinux();
        if (NetworkNamespace is not null && !NetworkNamespaceExists(NetworkNamespace))
        {
            ThrowTerminatingError(new HaToolsException("NetworkNamespaceNotFound", HaToolsErrorKind.ObjectNotFound,
                $"Network namespace '{NetworkNamespace}' does not exist (see 'ip netns list').", NetworkNamespace));
        }
    }

    protected override void ProcessRecord()
    {
        try
        {
            var before = _instances.Count;
            if (ParameterSetName == ParametersSet) AddFromParameters();
            else if (ParameterSetName == InputObjectSet) AddFromConfig(InputObject!);
            else foreach (var o in Config) AddFromConfig(o);
            if (SyncGroup is not null)
            {
                if (!_requestedGroups.TryGetValue(SyncGroup, out var members)) _requestedGroups[SyncGroup] = members = new List<string>();
                members.AddRange(_instances.Skip(before).Select(i => i.Name));
            }
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
        }
    }

    protected override void EndProcessing()
    {
        if (_instances.Count == 0) return;
        try
        {
            AddRequestedSyncGroups();
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
            return;
        }

        var ns = NetworkNamespace is null ? "" : $" in network namespace {NetworkNamespace}";
        var confirmed = _instances.Where(i => ShouldProcess(
            $"VRRP instance {i.Name} ({i.Interface}, VRID {i.VirtualRouterId}, priority {i.Priority}, VIP {string.Join(", ", i.VirtualIPAddresses)}){ns}", "Start")).ToList();
        if (confirmed.Count == 0) return;
        var names = confirmed.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        // Members declined by -WhatIf/-Confirm leave their group; a group needs someone left to move.
        var groups = _groups.Select(g => g with { Instances = g.Instances.Where(names.Contains).ToArray() }).Where(g => g.Instances.Count > 0).ToArray();

        VrrpRuntime runtime;
        try
        {
            runtime = new VrrpRuntime(new VrrpRuntimeOptions
            {
                Instances = confirmed,
                SyncGroups = groups,
                TrackScripts = _scripts.Where(s => confirmed.Any(i => i.Tracks.Any(t => t.Kind == VrrpTrackKind.Script && t.Name == s.Name))).ToArray(),
                TrackFiles = _files.Where(f => confirmed.Any(i => i.Tracks.Any(t => t.Kind == VrrpTrackKind.File && t.Name == f.Name))).ToArray(),
                TrackProcesses = _processes.Where(p => confirmed.Any(i => i.Tracks.Any(t => t.Kind == VrrpTrackKind.Process && t.Name == p.Name))).ToArray(),
                NetworkNamespace = NetworkNamespace,
            });
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
            return;
        }

        var command = "Start-VrrpInstance " + string.Join(", ", names);
        var job = new VrrpJob(JobName ?? "VRRP:" + string.Join(",", names), command, runtime);
        try
        {
            job.StartJob();
        }
        catch (HaToolsException ex)
        {
            job.Dispose();
            ThrowTerminatingError(ex);
            return;
        }
        job.Register(this);

        if (!Wait)
        {
            WriteObject(job);
            return;
        }

        RunInForeground(job);
    }

    protected override void StopProcessing() => _stopRequested.Set();

    /// <summary>-Wait: relay the job's streams until Ctrl+C / pipeline stop, then stop gracefully.</summary>
    private void RunInForeground(VrrpJob job)
    {
        try
        {
            while (!_stopRequested.IsSet && job.JobStateInfo.State == JobState.Running)
            {
                Relay(job);
                _stopRequested.Wait(100);
            }
        }
        finally
        {
            // Runs on Ctrl+C too: priority-0 adverts, VIPs removed, notify_stop, before the pipeline ends.
            job.StopJob();
        }

        Relay(job);
    }

    private void Relay(VrrpJob job)
    {
        if (_stopRequested.IsSet) return;
        foreach (var o in job.Output.ReadAll()) WriteObject(o);
        foreach (var i in job.Information.ReadAll()) WriteInformation(i);
        foreach (var w in job.Warning.ReadAll()) WriteWarning(w.Message);
        foreach (var v in job.Verbose.ReadAll()) WriteVerbose(v.Message);
        foreach (var e in job.Error.ReadAll()) WriteError(e);
    }

    /// <summary>
    /// Turns -SyncGroup requests into sync groups. An instance can be in one group only, a name can't mean two groups,
    /// and a group can't span jobs (each job has its own event loop), so each of those is a clear error, not a guess.
    /// Members a config group names but nobody started are dropped with keepalived's warning.
    /// </summary>
    private void AddRequestedSyncGroups()
    {
        var started = _instances.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        for (var g = 0; g < _groups.Count; g++)
        {
            var missing = _groups[g].Instances.Where(n => !started.Contains(n)).ToArray();
            if (missing.Length == 0) continue;
            foreach (var n in missing)
                WriteWarning($"vrrp_sync_group {_groups[g].Name}: vrrp_instance {n} is not being started; ignoring it (as keepalived does).");
            _groups[g] = _groups[g] with { Instances = _groups[g].Instances.Where(started.Contains).ToArray() };
        }

        foreach (var (name, members) in _requestedGroups)
        {
            if (members.Count == 0) continue;
            if (_groups.FirstOrDefault(g => g.Name == name) is { } same)
                throw new HaToolsException("VrrpSyncGroupConflict", HaToolsErrorKind.InvalidArgument,
                    $"-SyncGroup {name} names a vrrp_sync_group that the configuration already defines ({string.Join(", ", same.Instances)}); use another name or the config's group alone.", name);
            foreach (var member in members)
            {
                if (_groups.FirstOrDefault(g => g.Instances.Contains(member)) is { } other)
                    throw new HaToolsException("VrrpSyncGroupConflict", HaToolsErrorKind.InvalidArgument,
                        $"VRRP instance {member} is in vrrp_sync_group {other.Name} from the configuration and cannot also join -SyncGroup {name}.", member);
                if (_requestedGroups.FirstOrDefault(r => r.Key != name && r.Value.Contains(member)) is { Key: { } otherName })
                    throw new HaToolsException("VrrpSyncGroupConflict", HaToolsErrorKind.InvalidArgument,
                        $"VRRP instance {member} is given for sync groups {otherName} and {name}; an instance can be in one sync group only.", member);
            }

            foreach (var job in VrrpInstanceLookup.SessionJobs(this))
            {
                if (job.JobStateInfo.State is not (JobState.Running or JobState.Suspended or JobState.Suspending)) continue;
                var running = job.GetInstanceStatus().Where(s => s.SyncGroup == name).Select(s => s.Name).ToArray();
                if (running.Length > 0)
                    throw new HaToolsException("VrrpSyncGroupInOtherJob", HaToolsErrorKind.ResourceExists,
                        $"Sync group {name} already runs in job {job.Id} ({string.Join(", ", running)}); a sync group's instances must start in one Start-VrrpInstance call.", name);
            }

            if (members.Count == 1)
                WriteWarning($"Sync group {name} has only 1 instance ({members[0]}); a sync group needs two to make a difference.");
            _groups.Add(new VrrpSyncGroupSettings { Name = name, Instances = members.ToArray() });
        }
    }

    private void AddFromParameters()
    {
        var tracks = new List<VrrpTrack>(TrackInterface.Select(VrrpParameterSyntax.ParseTrackInterface));
        var n = 0;
        foreach (var h in TrackScript)
        {
            var (def, track) = TrackScriptFromHashtable(h, Name + "_script" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture));
            _scripts.Add(def);
            tracks.Add(track);
        }

        n = 0;
        foreach (var h in TrackFile)
        {
            var (def, track) = TrackFileFromHashtable(h, Name + "_file" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture));
            _files.Add(def);
            tracks.Add(track);
        }

        var pass = AuthPassText(AuthPass);
        var settings = new VrrpInstanceSettings
        {
            Name = Name,
            Interface = Interface,
            VirtualRouterId = (byte)VirtualRouterId,
            Priority = Priority,
            InitialState = State.Equals("MASTER", StringComparison.OrdinalIgnoreCase) ? CoreState.Master : CoreState.Backup,
            Version = Version,
            AdvertisementInterval = TimeSpan.FromMilliseconds(Math.Round(AdvertisementInterval * 1000)),
            // "a, b" in one string too: an Import-Csv column holds one string.
            VirtualIPAddresses = VirtualIPAddress.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(VrrpParameterSyntax.ParseVirtualAddress).ToArray(),
            NoPreempt = NoPreempt,
            PreemptDelay = TimeSpan.FromMilliseconds(Math.Round(PreemptDelay * 1000)),
            UnicastSourceIP = UnicastSourceIP,
            UnicastPeers = UnicastPeer,
            AuthType = pass is null ? Core.Vrrp.VrrpAuthType.None : Core.Vrrp.VrrpAuthType.Password,
            AuthPass = pass,
            Tracks = tracks,
            NotifyScripts = new VrrpNotifyScripts
            {
                NotifyMaster = NotifyMaster, NotifyBackup = NotifyBackup, NotifyFault = NotifyFault, NotifyStop = NotifyStop, Notify = Notify,
            },
            GarpMasterDelay = TimeSpan.FromSeconds(GarpMasterDelay),
            GarpMasterRepeat = GarpMasterRepeat,
            GarpMasterRefresh = TimeSpan.FromSeconds(GarpMasterRefresh),
            Accept = Accept || !MyInvocation.BoundParameters.ContainsKey(nameof(Accept)),
        };
        settings.Validate();
        AddInstance(settings);
    }

    private void AddFromConfig(ConfigObject item)
    {
        var warnings = new List<string>();
        try
        {
            AddFromConfig(item, warnings);
        }
        finally
        {
            // keepalived's "accepted, but adjusted" messages, with file:line when the object was read from a file.
            foreach (var w in warnings) WriteWarning(w);
        }
    }

    private void AddFromConfig(ConfigObject item, List<string> warnings)
    {
        switch (item)
        {
            case KeepalivedConfig k:
                var (converted, groups, scripts) = VrrpConfigConverter.FromKeepalivedConfig(k, out var files, warnings);

                // The core's own keywords on top (track_process, old_unicast_checksum, track_bfd's warning).
                var (instances, processes, coreWarnings) = VrrpCoreConfigMapping.Apply(k, converted);
                warnings.AddRange(coreWarnings);
                _files.AddRange(files.Where(f => _files.All(x => x.Name != f.Name)));
                _processes.AddRange(processes.Where(p => _processes.All(x => x.Name != p.Name)));
                foreach (var i in instances) AddInstance(i);
                _groups.AddRange(groups);
                _scripts.AddRange(scripts.Where(s => _scripts.All(x => x.Name != s.Name)));
                break;
            case VrrpInstanceConfig c:
                if (c.TrackProcesses.Count > 0)
                    warnings.Add($"{(c.SourceFile is { } f ? $"{f}:{c.Line}: " : "")}({c.Name}) track_process needs its vrrp_track_process blocks: pipe the whole configuration (Import-KeepalivedConfig FILE | Start-VrrpInstance); running without it.");
                AddInstance(VrrpConfigConverter.FromInstance(c, warnings: warnings));
                break;
            case VrrpSyncGroupConfig g:
                _groups.Add(VrrpConfigConverter.FromSyncGroup(g));
                break;
            default:
                WriteError(new ErrorRecord(
                    new PSArgumentException($"-Config takes KeepalivedConfig, VrrpInstanceConfig or VrrpSyncGroupConfig objects, not {item.GetType().FullName}."),
                    "VrrpConfigTypeNotSupported", ErrorCategory.InvalidType, item));
                break;
        }
    }

    private void AddInstance(VrrpInstanceSettings settings)
    {
        settings.Validate();
        if (_instances.Any(i => i.Name == settings.Name))
            throw new HaToolsException("VrrpDuplicateInstance", HaToolsErrorKind.InvalidArgument, $"VRRP instance name '{settings.Name}' is given twice.", settings.Name);
        _instances.Add(settings);
    }

    private static (TrackScriptDefinition, VrrpTrack) TrackScriptFromHashtable(Hashtable h, string defaultName)
    {
        var known = new[] { "Name", "Script", "Interval", "Timeout", "Weight", "Rise", "Fall", "User", "Group", "InitFail", "Reverse" };
        var unknown = h.Keys.Cast<object>().Select(k => k.ToString()!).Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0)
            throw new HaToolsException("TrackScriptInvalid", HaToolsErrorKind.InvalidArgument,
                $"TrackScript has unknown key(s) {string.Join(", ", unknown)}; use {string.Join(", ", known)}.", h);
        object? Get(string k) => h.Keys.Cast<object>().FirstOrDefault(x => string.Equals(x.ToString(), k, StringComparison.OrdinalIgnoreCase)) is { } key ? h[key] : null;
        T Conv<T>(string k, T fallback)
        {
            var v = Get(k);
            if (v is null) return fallback;
            try
            {
                return LanguagePrimitives.ConvertTo<T>(v);
            }
            catch (PSInvalidCastException)
            {
                throw new HaToolsException("TrackScriptInvalid", HaToolsErrorKind.InvalidArgument, $"TrackScript {k} '{v}' is not a {typeof(T).Name}.", h);
            }
        }

        var script = Conv<string?>("Script", null)
            ?? throw new HaToolsException("TrackScriptInvalid", HaToolsErrorKind.InvalidArgument, "TrackScript needs Script = '/path/to/check [args]'.", h);
        var name = Conv("Name", defaultName);
        var def = new TrackScriptDefinition(name, ScriptCommand.Parse(script, Conv<string?>("User", null), Conv<string?>("Group", null)))
        {
            Interval = TimeSpan.FromSeconds(Conv("Interval", 1.0)),
            Timeout = Get("Timeout") is null ? null : TimeSpan.FromSeconds(Conv("Timeout", 1.0)),
            Rise = Conv("Rise", 1),
            Fall = Conv("Fall", 1),
            InitFail = Conv("InitFail", false),
        };
        var problems = def.GetProblems();
        if (problems.Count > 0)
            throw new HaToolsException("TrackScriptInvalid", HaToolsErrorKind.InvalidArgument, string.Join(" ", problems), h);
        var weight = Conv("Weight", 0);
        if (weight is < -253 or > 253)
            throw new HaToolsException("TrackScriptInvalid", HaToolsErrorKind.InvalidArgument, $"TrackScript weight {weight} must be -253..253.", h);
        return (def, new VrrpTrack(VrrpTrackKind.Script, name, weight, Conv("Reverse", false)));
    }

    private static (TrackFileDefinition, VrrpTrack) TrackFileFromHashtable(Hashtable h, string defaultName)
    {
        var keys = h.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => h[k], StringComparer.OrdinalIgnoreCase);
        var unknown = keys.Keys.Where(k => !new[] { "Path", "Weight", "Name", "Reverse" }.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0 || !keys.TryGetValue("Path", out var path) || path is null || string.IsNullOrWhiteSpace(path.ToString()))
            throw new HaToolsException("TrackFileInvalid", HaToolsErrorKind.InvalidArgument,
                "TrackFile takes @{ Path = '/run/file'; Weight = N; Name = 'x'; Reverse = $false }" + (unknown.Length > 0 ? $"; unknown key(s) {string.Join(", ", unknown)}." : "; Path is required."), h);
        int weight;
        try
        {
            weight = keys.TryGetValue("Weight", out var w) && w is not null ? LanguagePrimitives.ConvertTo<int>(w) : 1;
        }
        catch (PSInvalidCastException)
        {
            throw new HaToolsException("TrackFileInvalid", HaToolsErrorKind.InvalidArgument, "TrackFile Weight must be an integer.", h);
        }
        if (weight is < -254 or > 254)
            throw new HaToolsException("TrackFileInvalid", HaToolsErrorKind.InvalidArgument, $"TrackFile weight {weight} must be -254..254.", h);
        var name = keys.TryGetValue("Name", out var nm) && nm is not null ? nm.ToString()! : defaultName;
        var reverse = keys.TryGetValue("Reverse", out var r) && r is not null && LanguagePrimitives.IsTrue(r);
        return (new TrackFileDefinition(name, path.ToString()!), new VrrpTrack(VrrpTrackKind.File, name, weight, reverse));
    }

    private static string? AuthPassText(object? value)
    {
        var v = value is PSObject p ? p.BaseObject : value;
        return v switch
        {
            null => null,
            SecureString s => new NetworkCredential("", s).Password,
            string s when s.Length > 0 => s,
            _ => throw new HaToolsException("AuthPassInvalid", HaToolsErrorKind.InvalidArgument, "AuthPass must be a SecureString or a non-empty string.", "AuthPass"),
        };
    }

    private static bool NetworkNamespaceExists(string name) => Core.Linux.Netns.NetworkNamespace.Exists(name);
}
