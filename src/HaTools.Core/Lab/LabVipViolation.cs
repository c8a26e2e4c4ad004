namespace HaTools.Core.Lab;

/// <summary>
/// A stretch of a scenario that broke a VIP invariant: seen in <see cref="View"/> ("address" or "arp"),
/// <see cref="Kind"/> "two holders" or "no holder", from <see cref="From"/> to <see cref="To"/> (lab clock).
/// </summary>
public sealed record LabVipViolation(string View, string Kind, TimeSpan From, TimeSpan To, TimeSpan Allowed, IReadOnlyList<string> Holders)
{
    public TimeSpan Duration => To - From;

    public override string ToString() =>
        $"{Kind} by {View} from {From.TotalSeconds:F3}s to {To.TotalSeconds:F3}s ({Duration.TotalMilliseconds:F0} ms, allowed {Allowed.TotalMilliseconds:F0} ms), {(Kind == "no holder" ? "healthy" : "holders")} [{string.Join(",", Holders)}]";
}
