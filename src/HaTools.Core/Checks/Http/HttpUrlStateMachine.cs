namespace HaTools.Core.Checks.Http;

/// <summary>
/// keepalived 2.2's HTTP_GET/SSL_GET judgement (check_http.c epilog), one url per attempt:
/// <list type="bullet">
/// <item>A success moves to the next url after delay_loop; when the last url of a pass succeeds the server
/// is up and the next pass starts again at the first url.</item>
/// <item>A failure of a server that is up (or not yet judged) retries the SAME url after delay_before_retry,
/// retry times; then the server goes down and that url becomes the failed url, re-checked every
/// max(delay_loop, delay_before_retry).</item>
/// <item>When the failed url answers again, every url is checked again from the first, delay_loop apart
/// (no delay with fast_recovery); the server comes up only when the whole pass succeeded.</item>
/// <item>Until the first full pass has run, a success disarms retries, so a later url that fails in the
/// first pass takes the server down at once.</item>
/// </list>
/// keepalived's fast_recovery also re-runs at once after a failure of a recovering server; that spins
/// against a server that refuses at once, so here failures keep delay_before_retry.
/// </summary>
public sealed class HttpUrlStateMachine : CheckerStateMachine
{
    private readonly int _urls;
    private readonly bool _fastRecovery;
    private int _retries;
    private int _retriesDone;
    private int? _failedUrl;

    public HttpUrlStateMachine(CheckerTiming timing, int urlCount, bool fastRecovery)
        : base(timing)
    {
        _urls = Math.Max(1, urlCount);
        _fastRecovery = fastRecovery;
    }

    /// <summary>Index of the url the next attempt must fetch.</summary>
    public int CurrentUrl { get; private set; }

    /// <summary>The url whose failure took the server down, until it answers again.</summary>
    public int? FailedUrl => _failedUrl;

    public override CheckerDecision OnAttempt(bool success, string reason, int? weight)
    {
        LastReason = reason;
        return success ? Succeeded(reason) : Failed(reason);
    }

    private CheckerDecision Succeeded(string reason)
    {
        var changed = false;
        _retries = 0;
        _retriesDone = 0;
        var next = CurrentUrl + 1;
        if (next >= _urls && _failedUrl is null)
        {
            if (State != CheckerState.Up || !HasRun)
            {
                changed = State != CheckerState.Up;
                State = CheckerState.Up;
                HasRun = true;
            }
            if (_urls > 1) reason = $"all {_urls} urls answered as expected";
            CurrentUrl = 0;
        }
        else if (_failedUrl is not null)
        {
            // The failed url answers again: the whole list must pass before the server is up.
            _failedUrl = null;
            CurrentUrl = 0;
        }
        else
        {
            CurrentUrl = next;
        }

        var delay = Timing.DelayLoop;
        if (!HasRun) _retries = Timing.Retry;
        if (_fastRecovery && (!HasRun || State == CheckerState.Down && _failedUrl is null)) delay = TimeSpan.Zero;
        LastReason = reason;
        var inPass = CurrentUrl != 0 || State == CheckerState.Down;
        return new CheckerDecision(delay, State, changed, false, reason, Weight, false, inPass);
    }

    private CheckerDecision Failed(string attemptReason)
    {
        var changed = false;
        var reason = attemptReason;
        var isRetry = false;
        if (State == CheckerState.Up || !HasRun)
        {
            HasRun = true;
            _retries++;
            if (_retries > Timing.Retry)
            {
                if (State == CheckerState.Up)
                {
                    State = CheckerState.Down;
                    changed = true;
                    if (_retriesDone > 0)
                        reason = $"{attemptReason} (failed after {_retriesDone} {(_retriesDone == 1 ? "retry" : "retries")})";
                }
                _failedUrl = CurrentUrl;
            }
            else
            {
                isRetry = true;
                _retriesDone++;
            }
        }

        var delay = _failedUrl is not null ? Max(Timing.DelayLoop, Timing.DelayBeforeRetry) : Timing.DelayBeforeRetry;
        LastReason = reason;
        return new CheckerDecision(delay, State, changed, isRetry, reason, Weight, false);
    }
}
