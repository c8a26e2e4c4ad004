namespace HaTools.Core.Checks;

/// <summary>
/// Runs many checkers on one <see cref="TimerWheel"/>: each checker has at most one attempt in flight,
/// first attempts are spread over warmup (default: delay_loop, keepalived's default), the next attempt is
/// scheduled from the <see cref="CheckerStateMachine"/>'s decision. No thread per check: attempts are
/// async I/O started from the wheel. Events are delivered to <see cref="Event"/> in order per checker.
/// </summary>
public sealed class CheckScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly TimerWheel _wheel;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ScheduledCheck> _checks = new();
    private int _inFlight;

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

    public ScheduledCheck Add(IHealthCheck check, CheckerTiming timing, object? owner = null)
    {
        var sc = new ScheduledCheck(check, timing, owner);
        lock (_checks) _checks.Add(sc);
        TimeSpan first;
        lock (_random)
        {
            var spread = timing.Warmup ?? timing.DelayLoop;
            first = spread <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(_random.NextDouble() * spread.Ticks));
        }
        _wheel.Schedule(first, static s => ((ScheduledCheckRun)s!).Start(), new ScheduledCheckRun(this, sc));
        return sc;
    }

    public void Remove(ScheduledCheck check)
    {
        check.Removed = true;
        check.Running?.Cancel();
        lock (_checks) _checks.Remove(check);
    }

    private async Task RunAttemptAsync(ScheduledCheck sc)
    {
        if (sc.Removed || _stop.IsCancellationRequested) return;
        Interlocked.Increment(ref _inFlight);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        sc.Running = cts;
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
        finally
        {
            sc.Running = null;
        }
        Interlocked.Decrement(ref _inFlight);
        if (sc.Removed || _stop.IsCancellationRequested) return;

        var now = _time.GetUtcNow();
        sc.Attempts++;
        sc.LastAttempt = now;
        var d = sc.Machine.OnAttempt(attempt);
        Raise(new CheckEvent(now, CheckEventKind.Attempt, sc, d.State, attempt.Success, d.IsRetry, attempt.Reason, d.Weight));
        if (d.StateChanged) Raise(new CheckEvent(now, CheckEventKind.StateChanged, sc, d.State, attempt.Success, false, d.Reason, d.Weight));
        if (d.WeightChanged) Raise(new CheckEvent(now, CheckEventKind.WeightChanged, sc, d.State, attempt.Success, false, d.Reason, d.Weight));
        _wheel.Schedule(d.NextDelay, static s => ((ScheduledCheckRun)s!).Start(), new ScheduledCheckRun(this, sc));
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

    private sealed record ScheduledCheckRun(CheckScheduler Scheduler, ScheduledCheck Check)
    {
        public void Start() => _ = Scheduler.RunAttemptAsync(Check);
    }
}
