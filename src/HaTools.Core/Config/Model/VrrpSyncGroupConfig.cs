namespace HaTools.Core.Config;

/// <summary>A vrrp_sync_group: instances that change state together, with group notify scripts.</summary>
public sealed record VrrpSyncGroupConfig : ConfigObject
{
    public string Name { get; set; } = "";

    /// <summary>Names of the member vrrp_instances (the <c>group { }</c> block).</summary>
    public ConfigList<string> Group { get; set; } = new();

    public string? NotifyMaster { get; set; }

    public string? NotifyBackup { get; set; }

    public string? NotifyFault { get; set; }

    public string? NotifyStop { get; set; }

    public string? Notify { get; set; }

    public bool? SmtpAlert { get; set; }

    public bool GlobalTracking { get; set; }

    public ConfigList<TrackedObjectConfig> TrackInterfaces { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackScripts { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackFiles { get; set; } = new();

    public ConfigList<TrackedObjectConfig> TrackProcesses { get; set; } = new();

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => $"vrrp_sync_group {Name} ({string.Join(", ", Group)})";
}
