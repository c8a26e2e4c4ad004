namespace HaTools.Core.Lab;

/// <summary>One line of a lab's timeline: when (since the lab started), what kind, and what happened.</summary>
public sealed record LabEvent(TimeSpan Elapsed, DateTimeOffset Time, string Kind, string? Node, string Message)
{
    public override string ToString() => $"{Elapsed.TotalSeconds,9:F3}s  {Kind,-10} {Node ?? "-",-8} {Message}";
}
