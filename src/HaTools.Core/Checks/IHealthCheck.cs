namespace HaTools.Core.Checks;

/// <summary>
/// One checker of one real server (TCP_CHECK, HTTP_GET, ...): runs a single attempt. Retries, delays and
/// up/down state are the scheduler's business (<see cref="CheckerStateMachine"/>), so checkers stay I/O only.
/// Implementations never throw for what the remote end does, and honour cancellation.
/// </summary>
public interface IHealthCheck
{
    /// <summary>The keepalived keyword (TCP_CHECK, HTTP_GET, ...).</summary>
    string Kind { get; }

    /// <summary>What is checked, for logs: "TCP_CHECK 10.0.0.11:80".</summary>
    string Target { get; }

    Task<CheckAttempt> RunAsync(CancellationToken cancellationToken);
}
