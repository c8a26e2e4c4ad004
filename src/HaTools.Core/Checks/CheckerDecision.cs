namespace HaTools.Core.Checks;

/// <summary>
/// What the state machine decided after one attempt: when to run next, and whether the checker changed
/// state (with the reason) or its dynamic weight. <see cref="PassInProgress"/> is set by checkers that step
/// through several urls (HTTP_GET/SSL_GET): the next attempt checks another url of the same pass.
/// </summary>
public readonly record struct CheckerDecision(TimeSpan NextDelay, CheckerState State, bool StateChanged, bool IsRetry, string Reason, int? Weight, bool WeightChanged,
    bool PassInProgress = false);
