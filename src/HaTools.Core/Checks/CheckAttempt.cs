namespace HaTools.Core.Checks;

/// <summary>
/// The result of one attempt of one checker: success or failure with a reason a keepalived operator
/// recognises ("HTTP status 404, expected 200-299", "connect timeout after 3 s"), and for
/// misc_dynamic/FILE_CHECK a weight the real server should take.
/// </summary>
public sealed record CheckAttempt(bool Success, string Reason, TimeSpan Duration = default, int? Weight = null)
{
    public static CheckAttempt Ok(string reason, TimeSpan duration = default, int? weight = null) => new(true, reason, duration, weight);

    public static CheckAttempt Fail(string reason, TimeSpan duration = default) => new(false, reason, duration);

    public override string ToString() => (Success ? "OK: " : "FAILED: ") + Reason;
}
