namespace HaTools.Core.Checks;

/// <summary>
/// keepalived's checker logic as a pure function of attempt results: a server that is up (or has never
/// been checked) is retried <see cref="CheckerTiming.Retry"/> times, <see cref="CheckerTiming.DelayBeforeRetry"/>
/// apart, before it goes down; a server already down is not retried, only re-checked every delay_loop;
/// one success brings it up. With alpha it starts down. No clock, no I/O: the scheduler feeds it.
/// </summary>
public class CheckerStateMachine
{
    private readonly CheckerTiming _timing;
    private int _failures;

    public CheckerStateMachine(CheckerTiming timing)
    {
        _timing = timing;
        State = timing.Alpha ? CheckerState.Down : CheckerState.Up;
    }

    public CheckerState State { get; protected set; }

    public bool HasRun { get; protected set; }

    /// <summary>Failed attempts in the current run of failures.</summary>
    public int ConsecutiveFailures => _failures;

    public int? Weight { get; protected set; }

    public string? LastReason { get; protected set; }

    protected CheckerTiming Timing => _timing;

    /// <summary>
    /// Treat the server as up and already checked (a one-shot probe judges a live server), so a
    /// failure gets its retries before the server is declared down.
    /// </summary>
    public void AssumeRunning()
    {
        State = CheckerState.Up;
        HasRun = true;
    }

    public virtual CheckerDecision OnAttempt(CheckAttempt attempt)
    {
        var firstRun = !HasRun;
        HasRun = true;
        LastReason = attempt.Reason;
        if (attempt.Success)
        {
            _failures = 0;
            var changed = State != CheckerState.Up;
            State = CheckerState.Up;
            var weightChanged = attempt.Weight != Weight;
            Weight = attempt.Weight;
            return new CheckerDecision(_timing.DelayLoop, State, changed, false, attempt.Reason, Weight, weightChanged);
        }

        if (State == CheckerState.Up || firstRun || _failures > 0 && _failures <= _timing.Retry)
        {
            _failures++;
            if (_failures <= _timing.Retry)
                return new CheckerDecision(_timing.DelayBeforeRetry, State, false, true, attempt.Reason, Weight, false);

            var changed = State != CheckerState.Down;
            State = CheckerState.Down;
            var reason = _timing.Retry > 0 ? $"{attempt.Reason} (failed after {_timing.Retry} {(_timing.Retry == 1 ? "retry" : "retries")})" : attempt.Reason;
            LastReason = reason;
            return new CheckerDecision(Max(_timing.DelayLoop, _timing.DelayBeforeRetry), State, changed, false, reason, Weight, false);
        }

        // Already known down: keepalived does not retry, it waits for the next loop.
        return new CheckerDecision(_timing.DelayLoop, State, false, false, attempt.Reason, Weight, false);
    }

    protected static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
