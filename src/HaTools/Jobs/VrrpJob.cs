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

    internal VrrpJob(string name, string command, VrrpRuntime runtime)
        : base(command, name)
    {
        _runtime = runtime;
        PSJobTypeName = "VrrpJob";

        // Receive-Job must never block on our collections (ThreadJob sets the same).
        Output = new PSDataCollection<PSObject> { EnumeratorNeverBlocks = true };
        Error = new PSDataCollection<ErrorRecord> { EnumeratorNeverBlocks = true };
        Progress = new PSDataCollection<ProgressRecord> { EnumeratorNeverBlocks = true };
        Verbose = new PSDataCollection<VerboseRecord> { EnumeratorNeverBlocks = true };
        Debug = new PSDataCollection<DebugRecord> { EnumeratorNeverBlocks = true };
        Warning = new PSDataCollection<WarningRecord> { EnumeratorNeverBlocks = true };
        Information = new PSDataCollection<InformationRecord> { EnumeratorNeverBlocks = true };

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

    public override void SuspendJob() => throw NotSupported("Suspend-Job");

    public override void SuspendJob(bool force, string reason) => throw NotSupported("Suspend-Job");

    public override void SuspendJobAsync() => throw NotSupported("Suspend-Job");

    public override void SuspendJobAsync(bool force, string reason) => throw NotSupported("Suspend-Job");

    public override void ResumeJob() => throw NotSupported("Resume-Job");

    public override void ResumeJobAsync() => throw NotSupported("Resume-Job");

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

    private void StopCore()
    {
        var state = JobStateInfo.State;
        if (IsFinishedState(state)) return;
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0 && state == JobState.Running)
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
        new($"{what} is not supported for VRRP jobs; use Set-VrrpInstance -Maintenance to step down, Stop-Job to stop.");
}
