using System.Collections.Concurrent;
using System.ComponentModel;
using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Jobs;

/// <summary>
/// A running set of VRRP instances as a PowerShell job. The protocol runs in C# (<see cref="VrrpRuntime"/>:
/// a Task and a CancellationTokenSource), not in a runspace. Output: <see cref="VrrpTransition"/> records;
/// log lines in keepalived's words go to Information (info), Verbose (debug), Warning and Error.
/// </summary>
public sealed class VrrpJob : Job2
{
    /// <summary>How long a graceful stop may take (priority-0 adverts, VIP removal, notify_stop).</summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly VrrpRuntime _runtime;
    private readonly object _stateGate = new();
    private int _stopRequested;

    // Why each suspended instance is suspended (who asked, when): Get-VrrpInstance shows it.
    private readonly ConcurrentDictionary<string, string> _suspendReasons = new(StringComparer.Ordinal);

    internal VrrpJob(string name, string command, VrrpRuntime runtime)
        : base(command, name)
    {
        _runtime = runtime;
        PSJobTypeName = "VrrpJob";

        JobStreams.UseNonBlockingStreams(this);

        _runtime.TransitionOccurred += OnTransition;
        _runtime.LogWritten += OnLog;
    }

    /// <summary>
    /// Puts the started job in the session's repository (Get-Job sees it). Done after a successful start,
    /// so a job that never ran does not linger.
    /// </summary>
    internal void Register(PSCmdlet cmdlet)
    {
        var definition = new JobDefinition(typeof(VrrpJobSourceAdapter), Command, Name);
        var parameters = new Dictionary<string, object> { [VrrpJobSourceAdapter.JobParameter] = this };
        cmdlet.JobManager.NewJob(new JobInvocationInfo(definition, parameters));
    }

    /// <summary>Names of the instances this job runs.</summary>
    public IReadOnlyList<string> Instances => _runtime.InstanceNames;

    /// <summary>The network namespace the instances run in (null: the process's own).</summary>
    public string? NetworkNamespace => _runtime.NetworkNamespace;

    internal VrrpRuntime Runtime => _runtime;

    public override bool HasMoreData =>
        Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Debug.Count > 0 || Information.Count > 0;

    public override string Location => NetworkNamespace is null ? Environment.MachineName : "netns " + NetworkNamespace;

    /// <summary>"VI_1 MASTER, VI_2 BACKUP": what Get-Job's StatusMessage shows.</summary>
    public override string StatusMessage =>
        string.Join(", ", _runtime.GetStatus().Select(s => s.Name + " " + VrrpNotification.StateWord(s.State)));

    /// <summary>Snapshots of this job's instances (Get-VrrpInstance).</summary>
    public IReadOnlyList<VrrpInstanceStatus> GetInstanceStatus() => _runtime.GetStatus();

    /// <summary>Opens sockets and starts the instances; start failures throw (the job is then Failed).</summary>
    public override void StartJob()
    {
        if (JobStateInfo.State != JobState.NotStarted)
            throw new InvalidOperationException("A VRRP job starts once.");
        try
        {
            _runtime.Start();
        }
        catch (Exception ex)
        {
            AddError(ex);
            SetJobState(JobState.Failed);
            throw;
        }

        SetJobState(JobState.Running);
        _runtime.Completion.ContinueWith(OnRuntimeEnded, TaskScheduler.Default);
    }

    public override void StartJobAsync()
    {
        Exception? error = null;
        try
        {
            StartJob();
        }
        catch (Exception ex)
        {
            error = ex;
        }
        OnStartJobCompleted(new AsyncCompletedEventArgs(error, false, null));
    }

    public override void StopJob() => StopCore();

    public override void StopJob(bool force, string reason) => StopCore();

    /// <summary>Stop-Job waits for StopJobCompleted: raise it only when the shutdown is really done.</summary>
    public override void StopJobAsync() => StopJobAsync(false, string.Empty);

    public override void StopJobAsync(bool force, string reason)
    {
        Task.Run(() =>
        {
            Exception? error = null;
            try
            {
                StopCore();
            }
            catch (Exception ex)
            {
                error = ex;
            }
            OnStopJobCompleted(new AsyncCompletedEventArgs(error, false, null));
        });
    }

    /// <summary>Suspend-Job: every instance steps down cleanly and stays backup (as Suspend-VrrpInstance does for one).</summary>
    public override void SuspendJob() => SuspendCore("Suspend-Job");

    public override void SuspendJob(bool force, string reason) => SuspendCore(string.IsNullOrWhiteSpace(reason) ? "Suspend-Job" : "Suspend-Job: " + reason);

    public override void SuspendJobAsync() => SuspendJobAsync(false, string.Empty);

    /// <summary>Raises SuspendJobCompleted once every instance has stepped down (or with the error that stopped it).</summary>
    public override void SuspendJobAsync(bool force, string reason) =>
        RunAsync(() => SuspendJob(force, reason), OnSuspendJobCompleted);

    /// <summary>Resume-Job: every instance returns to normal election.</summary>
    public override void ResumeJob() => ResumeCore();

    public override void ResumeJobAsync() => RunAsync(ResumeCore, OnResumeJobCompleted);

    public override void UnblockJob() => throw NotSupported("Unblock-Job");

    public override void UnblockJobAsync() => throw NotSupported("Unblock-Job");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!IsFinishedState(JobStateInfo.State)) StopCore();
            _runtime.TransitionOccurred -= OnTransition;
            _runtime.LogWritten -= OnLog;
        }
        base.Dispose(disposing);
    }

    /// <summary>Why <paramref name="instance"/> is suspended (null when it is not, as far as this job knows).</summary>
    internal string? SuspendReason(string instance) => _suspendReasons.TryGetValue(instance, out var r) ? r : null;

    /// <summary>
    /// Puts one instance in maintenance (the loop's Set-VrrpInstance -Maintenance: priority-0 advert if master, VIPs
    /// released, stays backup) and remembers why. The job counts as Suspended once all its live instances are.
    /// </summary>
    internal void SuspendInstance(string instance, string reason)
    {
        EnsureRunning();
        SetMaintenance(instance, true, reason);
        RefreshSuspendedState();
    }

    /// <summary>Takes one instance out of maintenance: back to normal election.</summary>
    internal void ResumeInstance(string instance)
    {
        EnsureRunning();
        SetMaintenance(instance, false, null);
        RefreshSuspendedState();
    }

    private void SetMaintenance(string instance, bool on, string? reason)
    {
        VrrpInstanceLookup.Await(_runtime.SetMaintenanceAsync(instance, on));
        if (on) _suspendReasons.TryAdd(instance, $"{reason} at {DateTime.Now:yyyy-MM-dd HH:mm:ss}");
        else _suspendReasons.TryRemove(instance, out _);
    }

    private void SuspendCore(string reason)
    {
        EnsureRunning();
        SetState(JobState.Suspending);
        try
        {
            // A stopped instance (Stop-VrrpInstance) has nothing left to step down from.
            foreach (var s in _runtime.GetStatus().Where(s => s.State != VrrpState.Stop))
                SetMaintenance(s.Name, true, reason);
        }
        finally
        {
            RefreshSuspendedState();
        }
    }

    private void ResumeCore()
    {
        EnsureRunning();
        foreach (var s in _runtime.GetStatus().Where(s => s.Maintenance))
            SetMaintenance(s.Name, false, null);
        RefreshSuspendedState();
    }

    /// <summary>Suspended when every instance that still runs is in maintenance; Running otherwise.</summary>
    private void RefreshSuspendedState()
    {
        var live = _runtime.GetStatus().Where(s => s.State != VrrpState.Stop).ToArray();
        var suspended = live.Length > 0 && live.All(s => s.Maintenance);
        lock (_stateGate)
        {
            var current = JobStateInfo.State;
            if (Volatile.Read(ref _stopRequested) == 1 || current is not (JobState.Running or JobState.Suspending or JobState.Suspended)) return;
            var wanted = suspended ? JobState.Suspended : JobState.Running;
            if (current != wanted) SetJobState(wanted);
        }
    }

    private void EnsureRunning()
    {
        var state = JobStateInfo.State;
        if (state is not (JobState.Running or JobState.Suspending or JobState.Suspended) || Volatile.Read(ref _stopRequested) == 1)
            throw new HaToolsException("VrrpJobNotRunning", HaToolsErrorKind.InvalidOperation,
                $"VRRP job {Id} ({Name}) is {state}; only a running job's instances can be suspended or resumed.", this);
    }

    private void RunAsync(Action action, Action<AsyncCompletedEventArgs> completed)
    {
        Task.Run(() =>
        {
            Exception? error = null;
            try
            {
                action();
            }
            catch (Exception ex)
            {
                error = ex;
            }
            completed(new AsyncCompletedEventArgs(error, false, null));
        });
    }

    private void StopCore()
    {
        var state = JobStateInfo.State;
        if (IsFinishedState(state)) return;
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0 && state is JobState.Running or JobState.Suspended or JobState.Suspending)
            SetState(JobState.Stopping);
        bool clean = state == JobState.NotStarted || _runtime.StopAsync(StopTimeout).GetAwaiter().GetResult();
        if (!clean)
            AddWarning($"The VRRP instances did not finish stopping within {StopTimeout.TotalSeconds:0} s; some VIPs or notify_stop scripts may be pending.");
        SetState(JobState.Stopped);
    }

    private void OnRuntimeEnded(Task run)
    {
        if (Volatile.Read(ref _stopRequested) == 1) return;
        if (run.IsFaulted)
        {
            var ex = run.Exception!.GetBaseException();
            AddError(ex);
            SetState(JobState.Failed);
        }
        else
        {
            SetState(JobState.Completed);
        }
    }

    private void SetState(JobState state)
    {
        lock (_stateGate)
        {
            var current = JobStateInfo.State;
            if (IsFinishedState(current) || current == state) return;
            SetJobState(state);
        }
    }

    private void OnTransition(VrrpTransition t)
    {
        try
        {
            Output.Add(PSObject.AsPSObject(t));
        }
        catch (Exception ex) when (ex is ObjectDisposedException or PSInvalidOperationException)
        {
            // The job was removed while the loop was still shutting down (ThreadJob's ReportError tolerates the same).
        }
    }

    private void OnLog(VrrpLogEntry e)
    {
        try
        {
            switch (e.Level)
            {
                case VrrpLogLevel.Error:
                    Error.Add(new ErrorRecord(new HaToolsException("VrrpRuntimeError", HaToolsErrorKind.InvalidOperation, e.Message, e.Instance),
                        "VrrpRuntimeError", ErrorCategory.InvalidOperation, e.Instance));
                    break;
                case VrrpLogLevel.Warning:
                    Warning.Add(new WarningRecord(e.Message));
                    break;
                case VrrpLogLevel.Debug:
                    Verbose.Add(new VerboseRecord(e.Message));
                    break;
                default:
                    var info = new InformationRecord(e.Message, e.Instance ?? Name) { TimeGenerated = e.Time.LocalDateTime };
                    info.Tags.Add("VRRP");
                    if (e.Instance is not null) info.Tags.Add(e.Instance);
                    Information.Add(info);
                    break;
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or PSInvalidOperationException)
        {
        }
    }

    private void AddWarning(string message)
    {
        try
        {
            Warning.Add(new WarningRecord(message));
        }
        catch (Exception ex) when (ex is ObjectDisposedException or PSInvalidOperationException)
        {
        }
    }

    private void AddError(Exception ex)
    {
        try
        {
            var record = ex is HaToolsException h
                ? HaToolsCmdlet.ToErrorRecord(h)
                : new ErrorRecord(ex, "VrrpJobFailed", ErrorCategory.InvalidOperation, Name);
            Error.Add(record);
        }
        catch (Exception e) when (e is ObjectDisposedException or PSInvalidOperationException)
        {
        }
    }

    private static bool IsFinishedState(JobState s) => s is JobState.Completed or JobState.Failed or JobState.Stopped;

    private static PSNotSupportedException NotSupported(string what) =>
        new($"{what} is not supported for VRRP jobs: they never block for input.");
}
