namespace HaTools.Core.Config;

/// <summary>A vrrp_track_process block: how many instances of a process must run.</summary>
public sealed record TrackProcessConfig : ConfigObject
{
    public string Name { get; set; } = "";

    public string? Process { get; set; }

    /// <summary>The <c>param_match</c>/<c>parameters</c> words, when given.</summary>
    public ConfigList<string> Parameters { get; set; } = new();

    public int? Weight { get; set; }

    public int? Quorum { get; set; }

    public int? QuorumMax { get; set; }

    public TimeSpan? Delay { get; set; }

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => $"vrrp_track_process {Name}";
}
