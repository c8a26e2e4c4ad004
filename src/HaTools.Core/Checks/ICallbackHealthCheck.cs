namespace HaTools.Core.Checks;

/// <summary>
/// A checker that can run an attempt without a Task: the <see cref="CheckScheduler"/> prefers this path, so a
/// periodic check costs no Task, timer or CancellationTokenSource. <see cref="IHealthCheck.RunAsync"/> stays
/// the one-shot path (Test-RealServer).
/// </summary>
public interface ICallbackHealthCheck : IHealthCheck
{
    /// <summary>
    /// Starts one attempt; <paramref name="completion"/> is told exactly once, possibly on this thread before
    /// Start returns. The caller runs at most one attempt at a time per checker.
    /// </summary>
    void Start(ICheckCompletion completion, object? state);
}

/// <summary>Receives the outcome of an attempt started with <see cref="ICallbackHealthCheck.Start"/>; must not block.</summary>
public interface ICheckCompletion
{
    void OnCheckCompleted(in CheckOutcome outcome, object? state);
}
