using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;
using System.Net;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// HTTP_GET/SSL_GET step through their urls one per attempt, as keepalived 2.2's check_http.c epilog does
/// (keepalived.conf(5) fast_recovery: "each URL is checked, with a delay of delay_loop between each check").
/// </summary>
public sealed class HttpUrlSteppingTests
{
    private static readonly CheckerTiming Timing = new()
    {
        DelayLoop = TimeSpan.FromSeconds(10), DelayBeforeRetry = TimeSpan.FromSeconds(3), Retry = 2,
    };

    private static readonly CheckAttempt Ok = CheckAttempt.Ok("ok");
    private static readonly CheckAttempt Fail = CheckAttempt.Fail("HTTP status 500, expected 200-299");

    private static HttpUrlStateMachine Running(int urls = 3, bool fastRecovery = false, CheckerTiming? timing = null)
    {
        var m = new HttpUrlStateMachine(timing ?? Timing, urls, fastRecovery);
        for (var i = 0; i < urls; i++) m.OnAttempt(Ok);
        Assert.Equal(CheckerState.Up, m.State);
        Assert.True(m.HasRun);
        Assert.Equal(0, m.CurrentUrl);
        return m;
    }

    [Fact]
    public void Up_server_checks_one_url_per_delay_loop_and_wraps_to_the_first()
    {
        var m = Running();
        var d = m.OnAttempt(Ok);
        Assert.Equal((1, Timing.DelayLoop, false), (m.CurrentUrl, d.NextDelay, d.StateChanged));
        d = m.OnAttempt(Ok);
        Assert.Equal((2, Timing.DelayLoop), (m.CurrentUrl, d.NextDelay));
        d = m.OnAttempt(Ok);
        Assert.Equal((0, Timing.DelayLoop, CheckerState.Up, false), (m.CurrentUrl, d.NextDelay, d.State, d.StateChanged));
    }

    [Fact]
    public void Failing_url_is_retried_itself_retry_times_then_the_server_goes_down_on_that_url()
    {
        var m = Running();
        m.OnAttempt(Ok); // now on url 1
        for (var i = 0; i < Timing.Retry; i++)
        {
            var retry = m.OnAttempt(Fail);
            Assert.True(retry.IsRetry);
            Assert.Equal((1, Timing.DelayBeforeRetry, CheckerState.Up), (m.CurrentUrl, retry.NextDelay, retry.State));
        }
        var down = m.OnAttempt(Fail);
        Assert.True(down.StateChanged);
        Assert.False(down.IsRetry);
        Assert.Equal(CheckerState.Down, down.State);
        Assert.Equal("HTTP status 500, expected 200-299 (failed after 2 retries)", down.Reason);
        Assert.Equal(1, m.FailedUrl);
        Assert.Equal(1, m.CurrentUrl);
        Assert.Equal(Timing.DelayLoop, down.NextDelay); // max(delay_loop, delay_before_retry)

        // Known down on the failed url: re-checked every delay_loop, no retry counting.
        var again = m.OnAttempt(Fail);
        Assert.Equal((false, false, Timing.DelayLoop, 1), (again.IsRetry, again.StateChanged, again.NextDelay, m.CurrentUrl));
    }

    [Fact]
    public void Failed_url_answering_again_restarts_the_pass_at_the_first_url_and_the_server_is_up_only_after_all()
    {
        var m = Running();
        m.OnAttempt(Ok);
        for (var i = 0; i <= Timing.Retry; i++) m.OnAttempt(Fail);
        Assert.Equal(CheckerState.Down, m.State);

        var recovered = m.OnAttempt(Ok); // url 1 answers again
        Assert.Equal((0, CheckerState.Down, false, Timing.DelayLoop, true), (m.CurrentUrl, recovered.State, recovered.StateChanged, recovered.NextDelay, recovered.PassInProgress));
        Assert.Null(m.FailedUrl);
        Assert.False(m.OnAttempt(Ok).StateChanged); // url 0
        Assert.False(m.OnAttempt(Ok).StateChanged); // url 1
        var up = m.OnAttempt(Ok);                   // url 2: the whole list passed
        Assert.True(up.StateChanged);
        Assert.Equal(CheckerState.Up, up.State);
        Assert.Equal("all 3 urls answered as expected", up.Reason);
    }

    [Fact]
    public void Recovering_server_failing_another_url_stays_down_and_rechecks_that_url_after_delay_before_retry()
    {
        var m = Running();
        for (var i = 0; i <= Timing.Retry; i++) m.OnAttempt(Fail); // url 0 fails: down
        m.OnAttempt(Ok);                                         // url 0 back: restart pass
        m.OnAttempt(Ok);                                         // url 0 ok, now on url 1
        var d = m.OnAttempt(Fail);                               // url 1 fails while recovering
        Assert.Equal((CheckerState.Down, false, false, 1, Timing.DelayBeforeRetry), (d.State, d.StateChanged, d.IsRetry, m.CurrentUrl, d.NextDelay));
        Assert.Null(m.FailedUrl);
    }

    [Fact]
    public void Fast_recovery_checks_the_urls_of_a_recovering_server_back_to_back_but_not_of_an_up_one()
    {
        var m = Running(fastRecovery: true);
        Assert.Equal(Timing.DelayLoop, m.OnAttempt(Ok).NextDelay); // up: delay_loop as ever
        m.OnAttempt(Ok);
        m.OnAttempt(Ok);
        for (var i = 0; i <= Timing.Retry; i++) m.OnAttempt(Fail);
        Assert.Equal(CheckerState.Down, m.State);
        Assert.Equal(TimeSpan.Zero, m.OnAttempt(Ok).NextDelay); // failed url back
        Assert.Equal(TimeSpan.Zero, m.OnAttempt(Ok).NextDelay);
        Assert.Equal(TimeSpan.Zero, m.OnAttempt(Ok).NextDelay);
        var up = m.OnAttempt(Ok);
        Assert.True(up.StateChanged);
        Assert.Equal(Timing.DelayLoop, up.NextDelay);
    }

    [Fact]
    public void Without_fast_recovery_the_first_pass_takes_one_delay_loop_per_url_with_it_none()
    {
        var slow = new HttpUrlStateMachine(Timing with { Alpha = true }, 3, fastRecovery: false);
        var fast = new HttpUrlStateMachine(Timing with { Alpha = true }, 3, fastRecovery: true);
        Assert.Equal(CheckerState.Down, slow.State);
        Assert.Equal(new[] { Timing.DelayLoop, Timing.DelayLoop }, new[] { slow.OnAttempt(Ok).NextDelay, slow.OnAttempt(Ok).NextDelay });
        Assert.Equal(new[] { TimeSpan.Zero, TimeSpan.Zero }, new[] { fast.OnAttempt(Ok).NextDelay, fast.OnAttempt(Ok).NextDelay });
        Assert.True(slow.OnAttempt(Ok).StateChanged);
        Assert.True(fast.OnAttempt(Ok).StateChanged);
    }

    [Fact]
    public void In_the_first_pass_a_success_disarms_retries_so_a_later_failing_url_takes_the_server_down_at_once()
    {
        var m = new HttpUrlStateMachine(Timing, 3, fastRecovery: false);
        m.OnAttempt(Ok);
        var d = m.OnAttempt(Fail);
        Assert.True(d.StateChanged);
        Assert.Equal(CheckerState.Down, d.State);
        Assert.Equal(1, m.FailedUrl);
    }

    [Fact]
    public void A_single_url_behaves_like_the_plain_checker()
    {
        var m = Running(urls: 1);
        var d = m.OnAttempt(Ok);
        Assert.Equal((0, Timing.DelayLoop, false), (m.CurrentUrl, d.NextDelay, d.PassInProgress));
    }

    [Fact]
    public async Task Probe_fetches_each_url_in_turn_retrying_only_the_failing_one()
    {
        using var server = new CannedHttpServer();
        var calls = 0;
        server.Text("/a", "HTTP/1.0 200 OK\r\n\r\na");
        server.Behaviour("/b", async (s, _, ct) =>
        {
            var status = Interlocked.Increment(ref calls) == 1 ? "500 Oops" : "200 OK";
            await s.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.0 {status}\r\n\r\nb"), ct);
        });
        server.Text("/c", "HTTP/1.0 200 OK\r\n\r\nc");
        var check = new HttpGetHealthCheck(new CheckEndpoint(IPAddress.Loopback, server.Port, null, 0, TimeSpan.FromSeconds(2)), new HttpGetCheckOptions
        {
            Urls = new[] { new UrlCheckOptions { Path = "/a" }, new UrlCheckOptions { Path = "/b" }, new UrlCheckOptions { Path = "/c" } },
        });
        var r = await RealServerProbe.RunAsync(check, new CheckerTiming { Retry = 1, DelayBeforeRetry = TimeSpan.FromMilliseconds(10) });
        Assert.True(r.Healthy, r.Reason);
        Assert.Equal(new[] { "/a", "/b", "/b", "/c" }, server.Requests.Select(q => q.Split(' ')[1]).ToArray());
        Assert.Equal(new[] { true, false, true, true }, r.Attempts.Select(a => a.Success).ToArray());
        Assert.Equal("all 3 urls answered as expected", r.Reason);
    }

    [Fact]
    public async Task Scheduler_drives_one_url_per_attempt_and_reports_the_failing_url()
    {
        using var server = new CannedHttpServer();
        server.Text("/a", "HTTP/1.0 200 OK\r\n\r\na");
        var check = new HttpGetHealthCheck(new CheckEndpoint(IPAddress.Loopback, server.Port, null, 0, TimeSpan.FromSeconds(2)), new HttpGetCheckOptions
        {
            Urls = new[] { new UrlCheckOptions { Path = "/a" }, new UrlCheckOptions { Path = "/gone" } },
        });
        var events = new System.Collections.Concurrent.ConcurrentQueue<CheckEvent>();
        using var scheduler = new CheckScheduler(tick: TimeSpan.FromMilliseconds(5));
        scheduler.Event += events.Enqueue;
        scheduler.Add(check, new CheckerTiming { DelayLoop = TimeSpan.FromMilliseconds(20), Retry = 1, DelayBeforeRetry = TimeSpan.FromMilliseconds(20), Warmup = TimeSpan.Zero });
        Assert.True(SpinWait.SpinUntil(() => events.Any(e => e.Kind == CheckEventKind.StateChanged), 10000));
        var change = events.First(e => e.Kind == CheckEventKind.StateChanged);
        Assert.Equal(CheckerState.Down, change.State);
        Assert.Equal("HTTP status 404, expected 200-299 on /gone", change.Reason);
        // One url per connection: /a once, then /gone (first pass: no retry after a success).
        Assert.Equal(new[] { "/a", "/gone" }, server.Requests.Take(2).Select(q => q.Split(' ')[1]).ToArray());
    }
}

/// <summary>fast_recovery measured on loopback with the real scheduler: a recovering server comes up without a delay_loop per url.</summary>
public sealed class FastRecoveryLoopbackTests
{
    private static async Task<TimeSpan> TimeToUp(bool fastRecovery)
    {
        using var server = new CannedHttpServer();
        foreach (var p in new[] { "/a", "/b", "/c" }) server.Text(p, "HTTP/1.0 200 OK\r\n\r\nok");
        var check = new HttpGetHealthCheck(new CheckEndpoint(IPAddress.Loopback, server.Port, null, 0, TimeSpan.FromSeconds(2)), new HttpGetCheckOptions
        {
            FastRecovery = fastRecovery,
            Urls = new[] { new UrlCheckOptions { Path = "/a" }, new UrlCheckOptions { Path = "/b" }, new UrlCheckOptions { Path = "/c" } },
        });
        var up = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scheduler = new CheckScheduler(tick: TimeSpan.FromMilliseconds(5));
        scheduler.Event += e => { if (e.Kind == CheckEventKind.StateChanged && e.State == CheckerState.Up) up.TrySetResult(DateTime.UtcNow); };
        var started = DateTime.UtcNow;
        scheduler.Add(check, new CheckerTiming { DelayLoop = TimeSpan.FromMilliseconds(600), Alpha = true, Warmup = TimeSpan.Zero });
        return await up.Task.WaitAsync(TimeSpan.FromSeconds(10)) - started;
    }

    [Fact]
    public async Task Alpha_server_with_three_urls_comes_up_after_two_delay_loops_or_at_once_with_fast_recovery()
    {
        var slow = await TimeToUp(fastRecovery: false);
        var fast = await TimeToUp(fastRecovery: true);
        Assert.InRange(slow, TimeSpan.FromMilliseconds(1150), TimeSpan.FromSeconds(5)); // /a, 600 ms, /b, 600 ms, /c
        Assert.True(fast < TimeSpan.FromMilliseconds(900), $"fast_recovery took {fast.TotalMilliseconds} ms");
    }
}
