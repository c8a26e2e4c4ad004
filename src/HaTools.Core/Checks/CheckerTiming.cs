namespace HaTools.Core.Checks;

/// <summary>keepalived's per-checker timing knobs with keepalived's defaults (keepalived.conf(5)).</summary>
public sealed record CheckerTiming
{
    public TimeSpan DelayLoop { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra attempts after a failure of a server that is up (nb_get_retry/retry).</summary>
    public int Retry { get; init; } = 1;

    public TimeSpan DelayBeforeRetry { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Random delay up to this before the first check; null spreads over delay_loop, zero starts at once.</summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>Start the server as failed until its first success (alpha).</summary>
    public bool Alpha { get; init; }

    /// <summary>keepalived's per-kind defaults: DNS retries 3 times after delay_loop, MISC not at all, HTTP waits 3 s.</summary>
    public static CheckerTiming DefaultFor(string kind, TimeSpan? delayLoop = null)
    {
        var loop = delayLoop ?? TimeSpan.FromSeconds(60);
        return kind switch
        {
            "DNS_CHECK" => new CheckerTiming { DelayLoop = loop, Retry = 3, DelayBeforeRetry = loop },
            "MISC_CHECK" => new CheckerTiming { DelayLoop = loop, Retry = 0 },
            "HTTP_GET" or "SSL_GET" => new CheckerTiming { DelayLoop = loop, DelayBeforeRetry = TimeSpan.FromSeconds(3) },
            _ => new CheckerTiming { DelayLoop = loop },
        };
    }
}
