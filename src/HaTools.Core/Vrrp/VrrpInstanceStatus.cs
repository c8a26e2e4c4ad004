using System.Net;

namespace HaTools.Core.Vrrp;

/// <summary>Immutable snapshot of one instance for Get-VrrpInstance.</summary>
public sealed record VrrpInstanceStatus
{
    public required string Name { get; init; }

    public required string Interface { get; init; }

    public required byte VirtualRouterId { get; init; }

    public required int Version { get; init; }

    public required VrrpState State { get; init; }

    /// <summary>Configured (or Set-VrrpInstance) priority.</summary>
    public required int BasePriority { get; init; }

    /// <summary>Priority after track weights, clamped 1..254 (255 for the address owner).</summary>
    public required int EffectivePriority { get; init; }

    /// <summary>Trackers that changed the priority or cause FAULT.</summary>
    public required IReadOnlyList<VrrpPriorityContribution> PriorityReasons { get; init; }

    /// <summary>Why the instance is in FAULT (empty otherwise).</summary>
    public required IReadOnlyList<string> FaultReasons { get; init; }

    /// <summary>Set-VrrpInstance -Maintenance: advertising priority 0 / staying backup.</summary>
    public bool Maintenance { get; init; }

    /// <summary>Current master: ourselves when master, the last advert's source when backup.</summary>
    public IPAddress? MasterAddress { get; init; }

    public int MasterPriority { get; init; }

    public required IReadOnlyList<VrrpVirtualAddress> VirtualIPAddresses { get; init; }

    public TimeSpan AdvertisementInterval { get; init; }

    /// <summary>v3: the interval learned from the master (RFC 5798 §6.4.2).</summary>
    public TimeSpan MasterAdvertisementInterval { get; init; }

    public TimeSpan MasterDownInterval { get; init; }

    public long AdvertisementsSent { get; init; }

    public long AdvertisementsReceived { get; init; }

    public long PriorityZeroSent { get; init; }

    public long PriorityZeroReceived { get; init; }

    public long BecameMaster { get; init; }

    public required VrrpErrorCounters Errors { get; init; }

    public VrrpTransition? LastTransition { get; init; }

    public string? SyncGroup { get; init; }

    /// <summary>Checksum rule of our adverts (v3 over IPv4): OldUnicastPseudoHeader once old_unicast_checksum applies or was learnt.</summary>
    public VrrpChecksumKind SendChecksumKind { get; init; }
}
