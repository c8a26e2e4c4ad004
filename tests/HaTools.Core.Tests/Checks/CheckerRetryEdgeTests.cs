using HaTools.Core.Checks;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// retry / delay_before_retry / alpha edge cases of the generic checkers (TCP, UDP, SMTP, DNS, PING, MISC,
/// FILE), as keepalived 2.2's tcp_epilog/udp_epilog decide them.
/// </summary>
public sealed class CheckerRetryEdgeTests
{
    private static readonly CheckAttempt Fail = CheckAttempt.Fail("connection refused");
    private static readonly CheckAttempt Ok = CheckAttempt.Ok("connected");

    [Fact]
    public void Alpha_server_failing_from_the_start_is_never_retried_only_rechecked_every_delay_loop()
    {
        var m = new CheckerStateMachine(new CheckerTiming { Alpha = true, Retry = 3, DelayLoop = TimeSpan.FromSeconds(5), DelayBeforeRetry = TimeSpan.FromSeconds(1) });
        for (var i = 0; i < 3; i++)
        {
            var d = m.OnAttempt(Fail);
            Assert.Equal((CheckerState.Down, false, false, TimeSpan.FromSeconds(5)), (d.State, d.IsRetry, d.StateChanged, d.NextDelay));
        }
        Assert.True(m.OnAttempt(Ok).StateChanged);
    }

    [Fact]
    public void After_going_down_the_next_check_comes_after_delay_loop_even_when_delay_before_retry_is_longer()
    {
        var m = new CheckerStateMachine(new CheckerTiming { Retry = 1, DelayLoop = TimeSpan.FromSeconds(2), DelayBeforeRetry = TimeSpan.FromSeconds(30) });
        Assert.Equal(TimeSpan.FromSeconds(30), m.OnAttempt(Fail).NextDelay);
        var down = m.OnAttempt(Fail);
        Assert.True(down.StateChanged);
        Assert.Equal(TimeSpan.FromSeconds(2), down.NextDelay);
    }

    [Fact]
    public void Retry_zero_takes_an_up_server_down_at_the_first_failure_without_a_retry_note()
    {
        var m = new CheckerStateMachine(new CheckerTiming { Retry = 0 });
        m.OnAttempt(Ok);
        var d = m.OnAttempt(Fail);
        Assert.Equal((CheckerState.Down, true, "connection refused"), (d.State, d.StateChanged, d.Reason));
    }

    [Fact]
    public void A_success_between_failures_gives_the_server_its_full_retries_again()
    {
        var m = new CheckerStateMachine(new CheckerTiming { Retry = 2 });
        Assert.True(m.OnAttempt(Fail).IsRetry);
        Assert.True(m.OnAttempt(Fail).IsRetry);
        m.OnAttempt(Ok);
        Assert.True(m.OnAttempt(Fail).IsRetry);
        Assert.True(m.OnAttempt(Fail).IsRetry);
        var down = m.OnAttempt(Fail);
        Assert.Equal("connection refused (failed after 2 retries)", down.Reason);
        // Once down, a later failure is no retry and says no more.
        Assert.Equal((false, "connection refused"), (m.OnAttempt(Fail).IsRetry, m.LastReason));
    }
}
