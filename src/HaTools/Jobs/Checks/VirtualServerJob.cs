using System.ComponentModel;
using System.Management.Automation;
using HaTools.Core.Checks;
using HaTools.Core.Checks.VirtualServers;

namespace HaTools.Jobs.Checks;

/// <summary>
/// Running virtual servers as a PowerShell job: their checkers and pool rules run in the background;
/// every transition (server removed/returned, quorum, sorry server) arrives as an object through
/// Receive-Job, each checker attempt as a verbose line when asked for (-Verbose: at 1,000 checks/s an
/// unread verbose stream would grow without bound); Stop-Job stops the checks and takes the servers out of IPVS again.
/// </summary>
public sealed class VirtualServerJob : Job2
{
    private readonly IReadOnlyList<VirtualServerMonitor> _monitors;
    private readonly Action? _cleanup;
    private readonly object _gate = new();
    private int _stopping;

    internal VirtualServerJob(string name, string command, IReadOnlyList<VirtualServerMonitor> monitors, bool monitorOnly, bool recordAttempts, Action? cleanup)
        : base(command, name)
    {
        _monitors = monitors;
        _cleanup = cleanup;
        MonitorOnly = monitorOnly;
        PSJobTypeName = "VirtualServerJob";
        JobStreams.UseNonBlockingStreams(this);
        foreach (var m in monitors)
        {
            m.Transition += OnTransition;
            if (recordAttempts)
                m.CheckAttempt += OnAttempt;
        }
    }

    /// <summary>True when the job only reports and never changes IPVS.</summary>
    public bool MonitorOnly { get; }

    public IReadOnlyList<string> VirtualServers => _monitors.Select(m => m.Name).ToArray();

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0;

    public override string Location => Environment.MachineName;

    public override string StatusMessage => string.Join(", ", GetStatus().Select(s => $"{s.Name}: {s.RealServers.Count(r => r.Alive)}/{s.RealServers.Count} up"));

    /// <summary>A snapshot of every virtual server of this job.</summary>
    public IReadOnlyList<VirtualServerStatus> GetStatus() =>
        _monitors.Select(m => m.GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult()).ToArray();

    internal void Register(PSCmdlet cmdlet)
    {
        var definition = new JobDefinition(typeof(VirtualServerJobSourceAdapter), Command, Name);
        cmdlet.JobManager.NewJob(new JobInvocationInfo(definition, new Dictionary<string, object> { [VirtualServerJobSourceAdapter.JobParameter] = this }));
    }

    public override void StartJob()
    {
        try
        {
            foreach (var m in _monitors) m.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            TryAdd(() => Error.Add(new ErrorRecord(ex, "VirtualServerStartFailed", ErrorCategory.InvalidOperation, Name)));
            SetJobState(JobState.Failed);
            throw;
        }
        SetJobState(JobState.Running);
    }

    public override void StartJobAsync()
    {
        Exception? error = null;
        try { StartJob(); } catch (Exception ex) { error = ex; }
        OnStartJobCompleted(new AsyncCompletedEventArgs(error, false, null));
    }

    public override void StopJob() => StopCore();

    public override void StopJob(bool force, string reason) => StopCore();

    public override void StopJobAsync() => StopJobAsync(false, string.Empty);

    public override void StopJobAsync(bool force, string reason) => Task.Run(() =>
    {
        Exception? error = null;
        try { StopCore(); } catch (Exception ex) { error = ex; }
        OnStopJobCompleted(new AsyncCompletedEventArgs(error, false, null));
    });

    public override void SuspendJob() => throw NotSupported();

    public override void SuspendJob(bool force, string reason) => throw NotSupported();

    public override void SuspendJobAsync() => throw NotSupported();

    public override void SuspendJobAsync(bool force, string reason) => throw NotSupported();

    public override void ResumeJob() => throw NotSupported();

    public override void ResumeJobAsync() => throw NotSupported();

    public override void UnblockJob() => throw NotSupported();

    public override void UnblockJobAsync() => throw NotSupported();

    protected override void Dispose(bool disposing)
    {
        if (disposing) StopCore();
        base.Dispose(disposing);
    }

    private void StopCore()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1) return;
        var state = JobStateInfo.State;
        if (IsFinishedState(state)) return;
        if (state == JobState.Running) SetState(JobState.Stopping);
        foreach (var m in _monitors)
        {
            try
            {
                m.StopAsync(removeFromPool: !MonitorOnly).WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                TryAdd(() => Warning.Add(new WarningRecord($"{m.Name} did not stop cleanly: {ex.Message}")));
            }
        }
        try
        {
            _cleanup?.Invoke();
        }
        catch (Exception ex)
        {
            TryAdd(() => Warning.Add(new WarningRecord("Removing the IPVS services failed: " + ex.Message)));
        }
        SetState(JobState.Stopped);
    }

    private void SetState(JobState s)
    {
        lock (_gate)
        {
            if (IsFinishedState(JobStateInfo.State) || JobStateInfo.State == s) return;
            SetJobState(s);
        }
    }

    private void OnTransition(VirtualServerTransition t) => TryAdd(() => Output.Add(PSObject.AsPSObject(t)));

    private void OnAttempt(CheckEvent e) => TryAdd(() => Verbose.Add(new VerboseRecord(e.ToString())));

    private static void TryAdd(Action add)
    {
        try
        {
            add();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or PSInvalidOperationException)
        {
            // The job was removed while a check was finishing.
        }
    }

    private static bool IsFinishedState(JobState s) => s is JobState.Completed or JobState.Failed or JobState.Stopped;

    private static PSNotSupportedException NotSupported() => new("Virtual server jobs run until Stop-Job.");
}
