namespace HaTools.Core.Scripts;

/// <summary>
/// A vrrp_script: a command run every <see cref="Interval"/>; <see cref="Rise"/> successes in a row
/// mark it up, <see cref="Fall"/> failures in a row mark it down; a run past <see cref="Timeout"/> is killed
/// and counts as a failure. Defaults are keepalived's (interval 1 s, rise 1, fall 1, timeout = interval).
/// </summary>
public sealed record TrackScriptDefinition(string Name, ScriptCommand Command)
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Null: the interval (keepalived's default).</summary>
    public TimeSpan? Timeout { get; init; }

    public int Rise { get; init; } = 1;

    public int Fall { get; init; } = 1;

    /// <summary>
    /// init_fail, kept for the config round trip. keepalived 2.2.7 ignores it for a script an instance or sync group
    /// tracks (tracking resets the script to its init state; checked on the Debian package), and so does HaTools.
    /// </summary>
    public bool InitFail { get; init; }

    public TimeSpan EffectiveTimeout => Timeout ?? Interval;

    public IReadOnlyList<string> GetProblems()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) p.Add("A track script needs a name.");
        if (Interval <= TimeSpan.Zero) p.Add($"Track script '{Name}': interval must be positive.");
        if (EffectiveTimeout <= TimeSpan.Zero) p.Add($"Track script '{Name}': timeout must be positive.");
        if (Rise < 1) p.Add($"Track script '{Name}': rise must be at least 1.");
        if (Fall < 1) p.Add($"Track script '{Name}': fall must be at least 1.");
        return p;
    }
}
