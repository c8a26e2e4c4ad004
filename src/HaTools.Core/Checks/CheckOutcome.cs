namespace HaTools.Core.Checks;

/// <summary>
/// A <see cref="CheckAttempt"/> as a value: what the scheduler's hot path passes around, so a periodic check
/// allocates no result object (reasons are cached strings on that path).
/// </summary>
public readonly record struct CheckOutcome(bool Success, string Reason, TimeSpan Duration = default, int? Weight = null)
{
    public static CheckOutcome From(CheckAttempt attempt) => new(attempt.Success, attempt.Reason, attempt.Duration, attempt.Weight);

    public CheckAttempt ToAttempt() => new(Success, Reason, Duration, Weight);
}
