using HaTools.Core.Scripts;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// Owns one VRRP event loop and everything around it (edge adapters, track scripts, notify scripts), so a
/// PowerShell job, a foreground -Wait or a service can host the same thing. The loop runs on a Task;
/// <see cref="StopAsync"/> cancels it and returns once the graceful shutdown is done: priority-0 adverts
/// sent, VIPs removed, notify_stop scripts finished.
/// </summary>
public sealed class VrrpRuntime : IAsyncDisposable
{
    private readonly VrrpRuntimeOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly ScriptNotifyRunner _notifier;
    private readonly TimeProvider _time;
    private VrrpEventLoop? _loop;
    private Task? _run;
    private readonly List<IDisposable> _owned = new();
    private ITracker? _linkTracker;
    private int _stopping;
    private readonly IReadOnlyList<VrrpInstanceSettings> _instances;
    private readonly List<string> _warnings = new();

    public VrrpRuntime(VrrpRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = options.TimeProvider;
        var runner = options.ScriptRunner ?? new ProcessScriptRunner(options.TimeProvider);
        _notifier = new ScriptNotifyRunner(runner, options.NotifyTimeout, options.ScriptUser, options.ScriptGroup, OnNotifyCompleted, options.NetworkNamespace);
        foreach (var s in options.Instances) s.Validate();

        // No BFD session daemon here: a track_bfd is dropped with a warning, never left to hold or move an instance.
        _instances = options.Instances.Select(s =>
        {
            var bfd = s.Tracks.Where(t => t.Kind == VrrpTrackKind.Bfd).ToArray();
            _warnings.AddRange(bfd.Select(t => VrrpCoreConfigMapping.BfdWarning(s.Name, t.Name)));
            return bfd.Length == 0 ? s : s with { Tracks = s.Tracks.Where(t => t.Kind != VrrpTrackKind.Bfd).ToArray() };
        }).ToArray();
        var processes = options.TrackProcesses.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (s, t) in _instances.SelectMany(s => s.Tracks.Where(t => t.Kind == VrrpTrackKind.Process).Select(t => (s, t))))
        {
            if (!processes.Contains(t.Name))
                throw new HaToolsException("TrackProcessNotFound", HaToolsErrorKind.ObjectNotFound,
                    $"VRRP instance '{s.Name}' tracks process '{t.Name}', which is not among the runtime's TrackProcesses.", t);
        }
    }

    /// <summary>Configuration that was accepted but not applied (track_bfd); also written to <see cref="LogWritten"/> at start.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>State changes, raised on the loop thread; handlers must not block.</summary>
    public event Action<VrrpTransition>? TransitionOccurred;

    /// <summary>Log lines in keepalived's words, from the loop and from scripts.</summary>
    public event Action<VrrpLogEntry>? LogWritten;

    public IReadOnlyList<string> InstanceNames => _options.Instances.Select(i => i.Name).ToArray();

    public string? NetworkNamespace => _options.NetworkNamespace;

    /// <summary>Completes when the loop has stopped (faulted if it crashed).</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    public bool IsRunning => _run is { IsCompleted: false };

    /// <summary>
    /// Opens sockets and starts every instance. Failures to start (permissions, unknown interface) throw
    /// here, synchronously, so the caller can report them before promising a running job.
    /// </summary>
    public void Start()
    {
        if (_run is not null) throw new InvalidOperationException("The VRRP runtime has already been started.");
        var adapters = _options.Adapters ?? VrrpRuntimeAdapters.CreateLinux(_options.NetworkNamespace);
        var trackers = new List<ITracker>(_options.Trackers);
        if (_options.Adapters is null)
        {
            // Adapters we made are ours to close; link state (own interfaces + track_interface) comes from rtnetlink.
            _owned.AddRange(new object[] { adapters.VipManager, adapters.Announcer }.OfType<IDisposable>());
            _linkTracker = Linux.Vrrp.LinkTracker.For(_instances, _options.NetworkNamespace);
            trackers.Add(_linkTracker);
        }
        if (_options.TrackScripts.Count > 0)
        {
            trackers.Add(new ScriptTracker(_options.TrackScripts, _options.ScriptRunner, _time,
                r => Log(null, VrrpLogLevel.Warning, $"Script {r.Command.Path} {r.FailureMessage}"), _options.NetworkNamespace));
        }

        if (_options.TrackFiles.Count > 0) trackers.Add(new FileTracker(_options.TrackFiles));

        if (_options.TrackProcesses.Count > 0)
            trackers.Add(new Linux.Vrrp.ProcessTracker(_options.TrackProcesses, _time, (level, message) => Log(null, level, message), _options.ProcessTrackerMode));

        foreach (var w in _warnings) Log(null, VrrpLogLevel.Warning, w);

        _loop = new VrrpEventLoop(new VrrpEventLoopOptions
        {
            Instances = _instances,
            SyncGroups = _options.SyncGroups,
            Transport = adapters.Transport,
            VipManager = adapters.VipManager,
            Announcer = adapters.Announcer,
            NotifyRunner = _notifier,
            Trackers = trackers,
            TimeProvider = _time,
        });
        _loop.TransitionOccurred += t => TransitionOccurred?.Invoke(t);
        _loop.LogWritten += e => LogWritten?.Invoke(e);

        // RunAsync opens the sockets before its first await: a start failure surfaces as an already-faulted task.
        _run = _loop.RunAsync(_cts.Token);
        if (_run.IsFaulted)
        {
            var ex = _run.Exception!.GetBaseException();
            DisposeOwned();
            _linkTracker?.Dispose(); // never started by the loop, so the loop will not close it
            if (ex is HaToolsException) throw ex;
            throw new HaToolsException("VrrpStartFailed", HaToolsErrorKind.InvalidOperation, "The VRRP instances could not start: " + ex.Message, null, ex);
        }
    }

    /// <summary>Graceful stop; returns true when everything (including notify_stop) finished within <paramref name="timeout"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0) _cts.Cancel();
        var run = _run ?? Task.CompletedTask;
        var finished = await Task.WhenAny(run, Task.Delay(timeout)).ConfigureAwait(false) == run;
        var scriptsDone = await _notifier.WhenIdleAsync(timeout).ConfigureAwait(false);
        if (finished) DisposeOwned();
        return finished && scriptsDone;
    }

    public IReadOnlyList<VrrpInstanceStatus> GetStatus() => _loop?.GetStatus() ?? [];

    public Task SetPriorityAsync(string instance, int priority) => Loop.SetPriorityAsync(instance, priority);

    public Task SetMaintenanceAsync(string instance, bool maintenance) => Loop.SetMaintenanceAsync(instance, maintenance);

    public Task StopInstanceAsync(string instance) => Loop.StopInstanceAsync(instance);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _loop?.Dispose();
        _cts.Dispose();
    }

    private VrrpEventLoop Loop => _loop ?? throw new HaToolsException("VrrpNotStarted", HaToolsErrorKind.InvalidOperation, "The VRRP runtime has not been started.", null);

    private void DisposeOwned()
    {
        lock (_owned)
        {
            foreach (var d in _owned) d.Dispose();
            _owned.Clear();
        }
    }

    private void OnNotifyCompleted(VrrpNotification n, ScriptResult r)
    {
        var scope = n.IsGroup ? "Group" : "Instance";
        if (r.Succeeded)
            Log(n.Name, VrrpLogLevel.Info, $"({n.Name}) {scope} notify script for {VrrpNotification.StateWord(n.State)} ran: {r.Command}");
        else
            Log(n.Name, VrrpLogLevel.Warning, $"({n.Name}) {scope} notify script {r.Command} {r.FailureMessage}");
    }

    private void Log(string? instance, VrrpLogLevel level, string message)
    {
        try
        {
            LogWritten?.Invoke(new VrrpLogEntry(_time.GetUtcNow(), level, instance, message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken subscriber must not break the runtime.
        }
    }
}
