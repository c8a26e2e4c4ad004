namespace HaTools.Core.Checks.Options;

/// <summary>MISC_CHECK: run a program; exit 0 up, 1 down, with misc_dynamic 2..255 up with weight exit-2.</summary>
public sealed record MiscCheckOptions : CheckOptions
{
    public override string Kind => "MISC_CHECK";

    /// <summary>misc_path: program and arguments, split like keepalived (no shell).</summary>
    public required string Path { get; init; }

    /// <summary>misc_timeout; delay_loop when null, as keepalived.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool Dynamic { get; init; }

    public string? User { get; init; }

    public string? Group { get; init; }
}
