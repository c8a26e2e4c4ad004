using HaTools.Core.Vrrp;

namespace HaTools.Core.Scripts;

/// <summary>
/// Runs track scripts on their intervals and reports each one's rise/fall-filtered result to the VRRP loop
/// (<see cref="VrrpTrackKind.Script"/>). Runs never overlap: a slow script delays its own next run only.
/// </summary>
public sealed class ScriptTracker : ITracker
{
    private readonly IReadOnlyList<TrackScriptDefinition> _scripts;
    private readonly IScriptRunner _runner;
    private readonly TimeProvider _time;
    private readonly Action<ScriptResult>? _onFailure;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = new();
    private readonly string? _networkNamespace;

    public ScriptTracker(IReadOnlyList<TrackScriptDefinition> scripts, IScriptRunner? runner = null, TimeProvider? time = null, Action<ScriptResult>? onFailure = null, string? networkNamespace = null)
    {
        _networkNamespace = networkNamespace;
        _scripts = scripts;
        _runner = runner ?? new ProcessScriptRunner(time);
        _time = time ?? TimeProvider.System;
        _onFailure = onFailure;
        var problems = scripts.SelectMany(s => s.GetProblems()).ToArray();
        if (problems.Length > 0)
            throw new HaToolsException("TrackScriptInvalid", HaToolsErrorKind.InvalidArgument, string.Join(" ", problems), scripts);
    }

    public void Start(IVrrpTrackerSink sink)
    {
        foreach (var s in _scripts)
        {
            // Nothing is known until the first run ends (keepalived: the instance waits for it); that first
            // result is reported whatever rise/fall say. init_fail is ignored like keepalived 2.2 ignores it for
            // a tracked script (tracking resets the script to its init state).
            _loops.Add(Task.Run(() => RunLoopAsync(s, sink, _stop.Token)));
        }
    }

    private async Task RunLoopAsync(TrackScriptDefinition s, IVrrpTrackerSink sink, CancellationToken ct)
    {
        var filter = new RiseFallFilter(s.Rise, s.Fall);
        while (!ct.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            var result = await _runner.RunAsync(s.Command, new ScriptRunOptions { Timeout = s.EffectiveTimeout, OutputLimit = 1024, NetworkNamespace = _networkNamespace }, ct).ConfigureAwait(false);
            if (result.Outcome == ScriptOutcome.Cancelled || ct.IsCancellationRequested) return;
            if (!result.Succeeded) _onFailure?.Invoke(result);
            if (filter.Add(result.Succeeded) is bool changed)
                sink.Report(new VrrpTrackerReport(VrrpTrackKind.Script, s.Name, changed));

            var wait = s.Interval - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll(_loops.ToArray(), TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // A loop that faulted has nothing more to report; shutdown goes on.
        }
        _stop.Dispose();
    }
}

/// <summary>
/// keepalived's rise/fall: the state flips after Rise successes or Fall failures in a row. Started without a
/// state, the first result sets it at once (keepalived's script init state: one success or one failure decides).
/// </summary>
public sealed class RiseFallFilter
{
    private readonly int _rise;
    private readonly int _fall;
    private int _streak;

    public RiseFallFilter(int rise, int fall)
    {
        _rise = Math.Max(1, rise);
        _fall = Math.Max(1, fall);
    }

    public RiseFallFilter(int rise, int fall, bool initiallyUp)
        : this(rise, fall)
    {
        Up = initiallyUp;
        Known = true;
    }

    public bool Up { get; private set; }

    /// <summary>False until the first result (or an initial state) is known.</summary>
    public bool Known { get; private set; }

    /// <summary>Adds one result; returns the new state when it flipped (or was first learnt), otherwise null.</summary>
    public bool? Add(bool success)
    {
        if (!Known)
        {
            Known = true;
            Up = success;
            _streak = 0;
            return Up;
        }

        if (success == Up)
        {
            _streak = 0;
            return null;
        }

        if (++_streak < (success ? _rise : _fall)) return null;
        _streak = 0;
        Up = success;
        return Up;
    }
}
