namespace HaTools.Core.Checks;

/// <summary>
/// keepalived's checker logic as a pure function of attempt results: a server that is up (or has never
/// been checked) is retried <see cref="CheckerTiming.Retry"/> times, <see cref="CheckerTiming.DelayBeforeRetry"/>
/// apart, before it goes down; a server already down is not retried, only re-checked every delay_loop;
/// one success brings it up. With alpha it starts down. No clock, no I/O: the scheduler feeds it.
/// </summary>
public sealed class CheckerStateMachine
{
    private readonly CheckerTiming _timing;
    private int _failures;

    public CheckerStateMachine(CheckerTiming timing)
    {
        _timing = timing;
        State = timing.Alpha ? CheckerState.Down : CheckerState.Up;
    }

    public CheckerState State { get; private set; }

    public bool HasRun { get; private set; }

    /// <summary>Failed attempts in the current run of failures.</summary>
    public int ConsecutiveFailures => _failures;

    public int? Weight { get; private set; }

    public string? LastReason { get; private set; }

    public CheckerDecision OnAttempt(CheckAttempt attempt) => OnAttempt(attempt.Success, attempt.Reason, attempt.Weight);

    /// <summary>The same, from the parts of an attempt (the scheduler's allocation-free path).</summary>
    public CheckerDecision OnAttempt(bool success, string reason, int? weight)
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

        if (State == CheckerState.Up || firstRun || _failures > 0 && _failures <= _timing.Retry)
        {
            _failures++;
            if (_failures <= _timing.Retry)
                return new CheckerDecision(_timing.DelayBeforeRetry, State, false, true, reason, Weight, false);

            var changed = State != CheckerState.Down;
            State = CheckerState.Down;
            var downReason = _timing.Retry > 0 ? $"{reason} (failed after {_timing.Retry} {(_timing.Retry == 1 ? "retry" : "retries")})" : reason;
            LastReason = downReason;
            return new CheckerDecision(Max(_timing.DelayLoop, _timing.DelayBeforeRetry), State, changed, false, downReason, Weight, false);
        }

        // Already known down: keepalived does not retry, it waits for the next loop.
        return new CheckerDecision(_timing.DelayLoop, State, false, false, reason, Weight, false);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
