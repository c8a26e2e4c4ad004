namespace HaTools.Core.Vrrp;

/// <summary>Everything one VRRP event loop needs: its instances and groups, and the edge adapters.</summary>
public sealed record VrrpEventLoopOptions
{
    public required IReadOnlyList<VrrpInstanceSettings> Instances { get; init; }

    public IReadOnlyList<VrrpSyncGroupSettings> SyncGroups { get; init; } = [];

    public required IVrrpTransport Transport { get; init; }

    public required IVipManager VipManager { get; init; }

    public required IAnnouncer Announcer { get; init; }

    public required INotifyRunner NotifyRunner { get; init; }

    /// <summary>Sources of interface / script / file results; may be empty.</summary>
    public IReadOnlyList<ITracker> Trackers { get; init; } = [];

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
