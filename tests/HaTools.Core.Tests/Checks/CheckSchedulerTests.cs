using HaTools.Core.Checks;
using Microsoft.Extensions.Time.Testing;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// keepalived's checker timing on a virtual clock (keepalived.conf(5), "retry", "delay_before_retry",
/// "delay_loop", "alpha", "warmup"): a failure of a live server is retried, the server goes down after
/// delay_loop + retry × delay_before_retry, a dead server is not retried, one success brings it back.
/// </summary>
public sealed class CheckSchedulerTests : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CheckScheduler _scheduler;
    private readonly List<CheckEvent> _events = new();

    public CheckSchedulerTests()
    {
        _scheduler = new CheckScheduler(_clock, new Random(1), Tick);
        _scheduler.Event += e => { lock (_events) _events.Add(e); };
    }

    public void Dispose() => _scheduler.Dispose();

    private static CheckerTiming Timing(int retry = 2, bool alpha = false) => new()
    {
        DelayLoop = TimeSpan.FromSeconds(10), DelayBeforeRetry = TimeSpan.FromSeconds(1), Retry = retry, Warmup = TimeSpan.Zero, Alpha = alpha,
    };

    // FakeTimeProvider fires a periodic timer once per Advance call, with the clock already at the end:
    // step one tick at a time so the wheel sees time pass as it would.
    private void Run(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += Tick) _clock.Advance(Tick);
    }

    private TimeSpan Since(DateTimeOffset t) => _clock.GetUtcNow() - t;

    private List<CheckEvent> Transitions() { lock (_events) return _events.Where(e => e.Kind == CheckEventKind.StateChanged).ToList(); }

    [Fact]
    public void Live_server_goes_down_after_delay_loop_plus_retry_times_delay_before_retry()
    {
        var check = new ScriptedCheck();
        _scheduler.Add(check, Timing(retry: 2));
        Run(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, check.Calls);
        Assert.Empty(Transitions());

        var broke = _clock.GetUtcNow();
        check.Answer = () => CheckAttempt.Fail("connect to 10.0.0.11:80 failed: connection refused");
        Run(TimeSpan.FromSeconds(11.5));
        Assert.Empty(Transitions());
        Run(TimeSpan.FromSeconds(1));

        var down = Assert.Single(Transitions());
        Assert.Equal(CheckerState.Down, down.State);
        Assert.Equal("connect to 10.0.0.11:80 failed: connection refused (failed after 2 retries)", down.Reason);
        Assert.InRange(down.Time - broke, TimeSpan.FromSeconds(12) - Tick * 5, TimeSpan.FromSeconds(12) + Tick * 3);
        Assert.Equal(4, check.Calls);
    }

    [Fact]
    public void Dead_server_is_not_retried_only_rechecked_every_delay_loop()
    {
        var check = new ScriptedCheck { Answer = () => CheckAttempt.Fail("HTTP status 404, expected 200") };
        _scheduler.Add(check, Timing(retry: 1));
        Run(TimeSpan.FromSeconds(1.5));
        Assert.Single(Transitions());
        var callsWhenDown = check.Calls;
        Assert.Equal(2, callsWhenDown);

        Run(TimeSpan.FromSeconds(30));
        Assert.Equal(callsWhenDown + 3, check.Calls);
        Assert.Single(Transitions());
    }

    [Fact]
    public void One_success_brings_a_dead_server_back_within_delay_loop()
    {
        var check = new ScriptedCheck { Answer = () => CheckAttempt.Fail("connect timeout after 3 s") };
        _scheduler.Add(check, Timing(retry: 0));
        Run(TimeSpan.FromSeconds(1));
        Assert.Equal(CheckerState.Down, Transitions().Single().State);

        var healed = _clock.GetUtcNow();
        check.Answer = () => CheckAttempt.Ok("connected");
        Run(TimeSpan.FromSeconds(10));
        var up = Transitions().Last();
        Assert.Equal(CheckerState.Up, up.State);
        Assert.True(up.Time - healed <= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Alpha_starts_down_and_the_first_success_brings_it_up()
    {
        var check = new ScriptedCheck();
        var sc = _scheduler.Add(check, Timing(alpha: true));
        Assert.Equal(CheckerState.Down, sc.State);
        Run(TimeSpan.FromMilliseconds(50));
        var up = Assert.Single(Transitions());
        Assert.Equal(CheckerState.Up, up.State);
    }

    [Fact]
    public void Without_alpha_a_server_failing_from_the_start_is_retried_before_going_down()
    {
        var check = new ScriptedCheck { Answer = () => CheckAttempt.Fail("refused") };
        _scheduler.Add(check, Timing(retry: 3));
        Run(TimeSpan.FromSeconds(2.5));
        Assert.Empty(Transitions());
        Run(TimeSpan.FromSeconds(1));
        Assert.Equal(CheckerState.Down, Assert.Single(Transitions()).State);
        Assert.Equal(4, check.Calls);
    }

    [Fact]
    public void First_checks_are_spread_over_delay_loop_by_default()
    {
        var checks = Enumerable.Range(0, 200).Select(i => new ScriptedCheck($"TCP_CHECK 10.0.{i / 250}.{i % 250}:80")).ToList();
        foreach (var c in checks) _scheduler.Add(c, Timing() with { Warmup = null });
        Run(TimeSpan.FromSeconds(2.5));
        var early = checks.Count(c => c.Calls > 0);
        Assert.InRange(early, 25, 75);
        Run(TimeSpan.FromSeconds(7.5));
        Assert.All(checks, c => Assert.True(c.Calls >= 1));
    }

    [Fact]
    public void Zero_warmup_starts_at_once()
    {
        var check = new ScriptedCheck();
        _scheduler.Add(check, Timing() with { Warmup = TimeSpan.Zero });
        Run(Tick * 2);
        Assert.Equal(1, check.Calls);
    }

    [Fact]
    public void Dynamic_weight_changes_are_reported()
    {
        var weight = 5;
        var check = new ScriptedCheck { Answer = () => CheckAttempt.Ok("exit status 7", weight: weight) };
        _scheduler.Add(check, Timing());
        Run(TimeSpan.FromMilliseconds(50));
        weight = 9;
        Run(TimeSpan.FromSeconds(10));
        List<CheckEvent> w;
        lock (_events) w = _events.Where(e => e.Kind == CheckEventKind.WeightChanged).ToList();
        Assert.Equal(new int?[] { 5, 9 }, w.Select(e => e.Weight).ToArray());
    }

    [Fact]
    public void A_checker_that_throws_counts_as_a_failed_attempt_and_scheduling_goes_on()
    {
        var check = new ScriptedCheck { Answer = () => throw new InvalidOperationException("boom") };
        _scheduler.Add(check, Timing(retry: 0));
        Run(TimeSpan.FromSeconds(21));
        var down = Assert.Single(Transitions());
        Assert.Equal("checker error: InvalidOperationException: boom", down.Reason);
        Assert.Equal(3, check.Calls);
    }

    [Fact]
    public void Removed_check_is_not_run_again()
    {
        var check = new ScriptedCheck();
        var sc = _scheduler.Add(check, Timing());
        Run(TimeSpan.FromMilliseconds(50));
        _scheduler.Remove(sc);
        Run(TimeSpan.FromSeconds(60));
        Assert.Equal(1, check.Calls);
    }

    [Fact]
    public void Timer_wheel_fires_in_due_order_and_wraps_around_its_slots()
    {
        using var wheel = new TimerWheel(_clock, Tick, slots: 8);
        var fired = new List<(int, TimeSpan)>();
        var start = _clock.GetUtcNow();
        foreach (var ms in new[] { 250, 30, 1000, 80 })
            wheel.Schedule(TimeSpan.FromMilliseconds(ms), s => fired.Add(((int)s!, Since(start))), ms);
        Run(TimeSpan.FromSeconds(2));
        Assert.Equal(new[] { 30, 80, 250, 1000 }, fired.Select(f => f.Item1).ToArray());
        foreach (var (ms, at) in fired)
            Assert.InRange(at, TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(ms) + Tick * 2);
        Assert.Equal(0, wheel.Count);
    }
}
