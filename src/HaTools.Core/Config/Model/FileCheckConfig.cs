namespace HaTools.Core.Config;

/// <summary>A FILE_CHECK: state follows a track_file defined at top level.</summary>
public sealed record FileCheckConfig : CheckerConfig
{
    public override string Kind => "FILE_CHECK";

    public string? TrackFile { get; set; }

    public int? Weight { get; set; }

    public bool WeightReverse { get; set; }
}
