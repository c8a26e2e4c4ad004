namespace HaTools.Core.Vrrp;

/// <summary>A vrrp_sync_group: member instances that change state together, with the group's notify scripts.</summary>
public sealed record VrrpSyncGroupSettings
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Instances { get; init; }

    public VrrpNotifyScripts NotifyScripts { get; init; } = VrrpNotifyScripts.None;
}
