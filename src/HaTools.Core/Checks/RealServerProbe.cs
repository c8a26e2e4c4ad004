namespace HaTools.Core.Checks;

/// <summary>
/// Runs a checker once as keepalived would judge a live server: on failure it retries up to retry times,
/// delay_before_retry apart, and reports down only when all attempts failed. A checker with several urls
/// checks each in turn (no delay_loop between them), each url with its own retries. Delays use the injected clock.
/// </summary>
public static class RealServerProbe
{
    public static async Task<RealServerTestResult> RunAsync(IHealthCheck check, CheckerTiming timing, string? realServer = null,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var start = time.GetTimestamp();
        var machine = check is IStatefulHealthCheck stateful ? stateful.CreateStateMachine(timing with { Alpha = false }) : new CheckerStateMachine(timing with { Alpha = false });
        machine.AssumeRunning();
        var attempts = new List<CheckAttempt>();
        while (true)
        {
            CheckAttempt attempt;
            try
            {
                attempt = await check.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                attempt = CheckAttempt.Fail($"checker error: {ex.GetType().Name}: {ex.Message}");
            }
            attempts.Add(attempt);
            var d = machine.OnAttempt(attempt);
            if (d.PassInProgress && d.State == CheckerState.Up && !d.IsRetry) continue;
            if (!d.IsRetry)
            {
                return new RealServerTestResult
                {
                    Kind = check.Kind,
                    Target = check.Target,
                    RealServer = realServer,
                    Healthy = d.State == CheckerState.Up,
                    Reason = d.Reason,
                    Weight = d.Weight,
                    Attempts = attempts,
                    Duration = time.GetElapsedTime(start),
                };
            }
            await Task.Delay(d.NextDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
