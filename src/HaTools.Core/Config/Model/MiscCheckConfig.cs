namespace HaTools.Core.Config;

/// <summary>A MISC_CHECK: run a script; exit 0 is up, with misc_dynamic 2..255 sets weight-2.</summary>
public sealed record MiscCheckConfig : CheckerConfig
{
    public override string Kind => "MISC_CHECK";

    /// <summary>misc_path: the command line as written.</summary>
    public string? Path { get; set; }

    public TimeSpan? Timeout { get; set; }

    public bool Dynamic { get; set; }

    public string? User { get; set; }

    public string? Group { get; set; }
}
