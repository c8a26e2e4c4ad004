namespace HaTools.Core.Scripts;

/// <summary>Limits for one script run.</summary>
public sealed record ScriptRunOptions
{
    /// <summary>Default capture per stream: enough for a diagnostic line, never a memory hazard.</summary>
    public const int DefaultOutputLimit = 4096;

    /// <summary>Kill the script (and its children) after this long; null waits forever.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Bytes kept per stream (stdout, stderr); the rest is read and discarded so the child never blocks.</summary>
    public int OutputLimit { get; init; } = DefaultOutputLimit;

    /// <summary>Run inside this named network namespace (via <c>ip netns exec</c>), like the VRRP job that started it.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Extra environment variables for the child (added to the inherited environment).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
