namespace HaTools.Core.Vrrp.Hosting;

/// <summary>A vrrp_track_file: a file holding an integer; tracking instances add value × weight to their priority.</summary>
public sealed record TrackFileDefinition(string Name, string Path);
