namespace HaTools.Core.Config;

/// <summary>
/// One entry of track_interface / track_script / track_file / track_process: the tracked name and
/// an optional weight (null = keepalived's default: failure means FAULT). Reverse inverts the effect.
/// </summary>
public sealed record TrackedObjectConfig : ConfigObject
{
    public string Name { get; set; } = "";

    public int? Weight { get; set; }

    public bool Reverse { get; set; }

    public override string ToString() => Weight is int w ? $"{Name} weight {w}{(Reverse ? " reverse" : "")}" : Name;
}
