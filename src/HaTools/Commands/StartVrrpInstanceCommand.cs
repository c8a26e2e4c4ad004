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

    private readonly List<VrrpInstanceSettings> _instances = new();
    private readonly List<VrrpSyncGroupSettings> _groups = new();
    private readonly List<TrackScriptDefinition> _scripts = new();
    private readonly List<TrackFileDefinition> _files = new();
    private readonly ManualResetEventSlim _stopRequested = new();

    [Parameter(ParameterSetName = ParametersSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.InterfaceNameCompleter))]
    public string Interface { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet, Mandatory = true)]
    [ValidateRange(1, 255)]
    [Alias("Vrid")]
    public int VirtualRouterId { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, 255)]
    public int Priority { get; set; } = 100;

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateSet("MASTER", "BACKUP", IgnoreCase = true)]
    public string State { get; set; } = "BACKUP";

    /// <summary>Seconds: whole 1..255 for v2; 0.01..40.95 (centiseconds) for v3.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0.01, 255.0)]
    public double AdvertisementInterval { get; set; } = 1;

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(2, 3)]
    public int Version { get; set; } = 2;

    [Parameter(ParameterSetName = ParametersSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [Alias("VIP")]
    public string[] VirtualIPAddress { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter NoPreempt { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0.0, 1000.0)]
    public double PreemptDelay { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public IPAddress? UnicastSourceIP { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public IPAddress[] UnicastPeer { get; set; } = Array.Empty<IPAddress>();

    /// <summary>v2 auth_type PASS; a SecureString or a string, never echoed.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public object? AuthPass { get; set; }

    /// <summary>"eth1" or "eth1 weight -20 [reverse]".</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public string[] TrackInterface { get; set; } = Array.Empty<string>();

    /// <summary>@{ Script = '/usr/bin/check arg'; Name; Interval; Timeout; Weight; Rise; Fall; User; Group; InitFail; Reverse }.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public Hashtable[] TrackScript { get; set; } = Array.Empty<Hashtable>();

    /// <summary>@{ Path = '/run/prio'; Weight = 1; Name; Reverse }: priority += number in the file × weight (keepalived track_file).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public Hashtable[] TrackFile { get; set; } = Array.Empty<Hashtable>();

    [Parameter(ParameterSetName = ParametersSet)]
    public string? NotifyMaster { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? NotifyBackup { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? NotifyFault { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? NotifyStop { get; set; }

    /// <summary>Called as: script INSTANCE name MASTER|BACKUP|FAULT|STOP priority.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public string? Notify { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0.0, 1000.0)]
    public double GarpMasterDelay { get; set; } = 5;

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, 255)]
    public int GarpMasterRepeat { get; set; } = 5;

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0.0, 86400.0)]
    public double GarpMasterRefresh { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter Accept { get; set; }

    /// <summary>Import-KeepalivedConfig output: KeepalivedConfig, VrrpInstanceConfig or VrrpSyncGroupConfig.</summary>
    [Parameter(ParameterSetName = ConfigSet, Mandatory = true, ValueFromPipeline = true, Position = 0)]
    [ValidateNotNull]
    public PSObject[] Config { get; set; } = Array.Empty<PSObject>();

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
            if (ParameterSetName == ParametersSet) AddFromParameters();
            else foreach (var o in Config) AddFromConfig(o);
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
        }
    }

    protected override void EndProcessing()
    {
        if (_instances.Count == 0) return;
        var ns = NetworkNamespace is null ? "" : $" in network namespace {NetworkNamespace}";
        var confirmed = _instances.Where(i => ShouldProcess(
            $"VRRP instance {i.Name} ({i.Interface}, VRID {i.VirtualRouterId}, priority {i.Priority}, VIP {string.Join(", ", i.VirtualIPAddresses)}){ns}", "Start")).ToList();
        if (confirmed.Count == 0) return;
        var names = confirmed.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var groups = _groups.Where(g => g.Instances.All(names.Contains)).ToArray();

        VrrpRuntime runtime;
        try
        {
            runtime = new VrrpRuntime(new VrrpRuntimeOptions
            {
                Instances = confirmed,
                SyncGroups = groups,
                TrackScripts = _scripts.Where(s => confirmed.Any(i => i.Tracks.Any(t => t.Kind == VrrpTrackKind.Script && t.Name == s.Name))).ToArray(),
                TrackFiles = _files.Where(f => confirmed.Any(i => i.Tracks.Any(t => t.Kind == VrrpTrackKind.File && t.Name == f.Name))).ToArray(),
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
            VirtualIPAddresses = VirtualIPAddress.Select(VrrpParameterSyntax.ParseVirtualAddress).ToArray(),
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

    private void AddFromConfig(PSObject item)
    {
        switch (item.BaseObject)
        {
            case KeepalivedConfig k:
                var (instances, groups, scripts) = VrrpConfigConverter.FromKeepalivedConfig(k, out var files);
                _files.AddRange(files.Where(f => _files.All(x => x.Name != f.Name)));
                foreach (var i in instances) AddInstance(i);
                _groups.AddRange(groups);
                _scripts.AddRange(scripts.Where(s => _scripts.All(x => x.Name != s.Name)));
                break;
            case VrrpInstanceConfig c:
                AddInstance(VrrpConfigConverter.FromInstance(c));
                break;
            case VrrpSyncGroupConfig g:
                _groups.Add(VrrpConfigConverter.FromSyncGroup(g));
                break;
            default:
                WriteError(new ErrorRecord(
                    new PSArgumentException($"-Config takes KeepalivedConfig, VrrpInstanceConfig or VrrpSyncGroupConfig objects, not {item.BaseObject?.GetType().FullName ?? "null"}."),
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
