namespace HaTools.Core.Config;

/// <summary>A vrrp_track_file / track_file block: a file whose integer content adjusts priority.</summary>
public sealed record TrackFileConfig : ConfigObject
{
    public string Name { get; set; } = "";

    public string? File { get; set; }

    public int? Weight { get; set; }

    public bool WeightReverse { get; set; }

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => $"track_file {Name}";
}
