namespace HaTools.Core.Checks;

/// <summary>
/// keepalived's checker logic as a pure function of attempt results: a server that is up is retried
/// <see cref="CheckerTiming.Retry"/> times, <see cref="CheckerTiming.DelayBeforeRetry"/> apart, before it goes
/// down, and is then re-checked every delay_loop; a server already down, or starting down with alpha, is not
/// retried, only re-checked every delay_loop; one success brings it up. No clock, no I/O: the scheduler feeds it.
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

    /// <summary>Retries spent in the current run of failures of an up server (0 once it is down).</summary>
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

    public CheckerDecision OnAttempt(CheckAttempt attempt) => OnAttempt(attempt.Success, attempt.Reason, attempt.Weight);

    /// <summary>The same, from the parts of an attempt (the scheduler's allocation-free path).</summary>
    public virtual CheckerDecision OnAttempt(bool success, string reason, int? weight)
    {
        var firstRun = !HasRun;
        HasRun = true;
        LastReason = reason;
        if (success)
        {
            _failures = 0;
            var changed = State != CheckerState.Up;
            State = CheckerState.Up;
            var weightChanged = weight != Weight;
            Weight = weight;
            return new CheckerDecision(_timing.DelayLoop, State, changed, false, reason, Weight, weightChanged);
        }

        // keepalived 2.2's tcp/udp epilog: a server that is up (or not yet judged) with its retries used up
        // goes down and is re-checked every delay_loop; one that is up retries after delay_before_retry; one
        // already down (or starting down with alpha) is only re-checked every delay_loop, never retried.
        if ((State == CheckerState.Up || firstRun) && _failures >= _timing.Retry)
        {
            var retried = _failures;
            _failures = 0;
            var changed = State != CheckerState.Down;
            State = CheckerState.Down;
            var downReason = retried > 0 ? $"{reason} (failed after {retried} {(retried == 1 ? "retry" : "retries")})" : reason;
            LastReason = downReason;
            return new CheckerDecision(_timing.DelayLoop, State, changed, false, downReason, Weight, false);
        }

        if (State == CheckerState.Up)
        {
            _failures++;
            return new CheckerDecision(_timing.DelayBeforeRetry, State, false, true, reason, Weight, false);
        }

        return new CheckerDecision(_timing.DelayLoop, State, false, false, reason, Weight, false);
    }

    protected static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
