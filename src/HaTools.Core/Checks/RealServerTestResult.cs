namespace HaTools.Core.Checks;

/// <summary>One checker run once with keepalived's retry semantics: healthy or not, why, and every attempt.</summary>
public sealed record RealServerTestResult
{
    public required string Kind { get; init; }

    public required string Target { get; init; }

    /// <summary>The real server the checker belongs to ("10.0.0.11:80"), when known.</summary>
    public string? RealServer { get; init; }

    public bool Healthy { get; init; }

    public required string Reason { get; init; }

    /// <summary>Weight from misc_dynamic or a dynamic FILE_CHECK, when the checker gives one.</summary>
    public int? Weight { get; init; }

    public IReadOnlyList<CheckAttempt> Attempts { get; init; } = Array.Empty<CheckAttempt>();

    public TimeSpan Duration { get; init; }

    public override string ToString() => $"{Target}: {(Healthy ? "UP" : "DOWN")} - {Reason}";
}
