namespace HaTools.Core.Checks;

/// <summary>
/// What the state machine decided after one attempt: when to run next, and whether the checker changed
/// state (with the reason) or its dynamic weight.
/// </summary>
public readonly record struct CheckerDecision(TimeSpan NextDelay, CheckerState State, bool StateChanged, bool IsRetry, string Reason, int? Weight, bool WeightChanged);
