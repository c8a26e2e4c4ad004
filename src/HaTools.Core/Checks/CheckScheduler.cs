namespace HaTools.Core.Checks;

/// <summary>
/// Runs many checkers on one <see cref="TimerWheel"/>: each checker has at most one attempt in flight,
/// first attempts are spread over warmup (default: delay_loop, keepalived's default), the next attempt is
/// scheduled from the <see cref="CheckerStateMachine"/>'s decision. No thread per check: attempts are
/// async I/O started from the wheel; an <see cref="ICallbackHealthCheck"/> (TCP_CHECK) runs with no Task and
/// no allocation per attempt. Events are delivered to <see cref="Event"/> in order per checker.
/// </summary>
public sealed class CheckScheduler : IDisposable, ICheckCompletion
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly TimerWheel _wheel;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ScheduledCheck> _checks = new();
    private int _inFlight;
    private long _attempts;
    private long _failures;

    public CheckScheduler(TimeProvider? time = null, Random? random = null, TimeSpan? tick = null)
    {
        _time = time ?? TimeProvider.System;
        _random = random ?? new Random();
        _wheel = new TimerWheel(_time, tick);
    }

    /// <summary>Raised after every attempt and every state or weight change. Handlers must not block.</summary>
    public event Action<CheckEvent>? Event;

    public int InFlight => Volatile.Read(ref _inFlight);

    public IReadOnlyList<ScheduledCheck> Checks
    {
        get
        {
            lock (_checks) return _checks.ToArray();
        }
    }

    /// <summary>
    /// Raise an <see cref="CheckEventKind.Attempt"/> event for every attempt (default). Off, only state and
    /// weight changes become events and an attempt allocates nothing; counters still count every attempt.
    /// </summary>
    public bool ReportAttempts { get; set; } = true;

    /// <summary>Attempts finished since start (success or failure).</summary>
    public long AttemptCount => Interlocked.Read(ref _attempts);

    /// <summary>Failed attempts since start.</summary>
    public long FailureCount => Interlocked.Read(ref _failures);

    public ScheduledCheck Add(IHealthCheck check, CheckerTiming timing, object? owner = null)
    {
        var sc = new ScheduledCheck(check, timing, owner) { Scheduler = this };
        lock (_checks) _checks.Add(sc);
        TimeSpan first;
        lock (_random)
        {
            var spread = timing.Warmup ?? timing.DelayLoop;
            first = spread <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(_random.NextDouble() * spread.Ticks));
        }
        _wheel.Schedule(first, s_start, sc);
        return sc;
    }

    public void Remove(ScheduledCheck check)
    {
        check.Removed = true;
        check.Cancellation?.Cancel();
        lock (_checks) _checks.Remove(check);
    }

    // One cached delegate for every wheel entry: scheduling an attempt allocates nothing.
    private static readonly Action<object?> s_start = static s =>
    {
        var sc = (ScheduledCheck)s!;
        sc.Scheduler!.Start(sc);
    };

    private void Start(ScheduledCheck sc)
    {
        if (sc.Removed || _stop.IsCancellationRequested) return;
        Interlocked.Increment(ref _inFlight);
        if (sc.Check is ICallbackHealthCheck direct)
        {
            try
            {
                direct.Start(this, sc);
            }
            catch (Exception ex)
            {
                Complete(sc, new CheckOutcome(false, $"checker error: {ex.GetType().Name}: {ex.Message}"));
            }
            return;
        }
        _ = RunAttemptAsync(sc);
    }

    void ICheckCompletion.OnCheckCompleted(in CheckOutcome outcome, object? state) => Complete((ScheduledCheck)state!, outcome);

    private async Task RunAttemptAsync(ScheduledCheck sc)
    {
        // One linked source per checker for its whole life (cancelled by Remove or Dispose), not one per attempt.
        var cts = sc.Cancellation ??= CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        CheckAttempt attempt;
        try
        {
            attempt = await sc.Check.RunAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _inFlight);
            return;
        }
        catch (Exception ex)
        {
            // A bug in a checker must not stop the scheduler: it counts as a failed attempt.
            attempt = CheckAttempt.Fail($"checker error: {ex.GetType().Name}: {ex.Message}");
        }
        Complete(sc, CheckOutcome.From(attempt));
    }

    private void Complete(ScheduledCheck sc, in CheckOutcome attempt)
    {
        Interlocked.Decrement(ref _inFlight);
        if (sc.Removed || _stop.IsCancellationRequested) return;

        var now = _time.GetUtcNow();
        sc.Attempts++;
        sc.LastAttempt = now;
        sc.LastDuration = attempt.Duration;
        Interlocked.Increment(ref _attempts);
        if (!attempt.Success) Interlocked.Increment(ref _failures);
        var d = sc.Machine.OnAttempt(attempt.Success, attempt.Reason, attempt.Weight);
        if (ReportAttempts) Raise(new CheckEvent(now, CheckEventKind.Attempt, sc, d.State, attempt.Success, d.IsRetry, attempt.Reason, d.Weight));
        if (d.StateChanged) Raise(new CheckEvent(now, CheckEventKind.StateChanged, sc, d.State, attempt.Success, false, d.Reason, d.Weight));
        if (d.WeightChanged) Raise(new CheckEvent(now, CheckEventKind.WeightChanged, sc, d.State, attempt.Success, false, d.Reason, d.Weight));
        _wheel.Schedule(d.NextDelay, s_start, sc);
    }

    private void Raise(CheckEvent e)
    {
        try
        {
            Event?.Invoke(e);
        }
        catch
        {
            // A faulty subscriber must not stop the checks.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _wheel.Dispose();
    }
}
