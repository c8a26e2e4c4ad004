using HaTools.Core.Scripts;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>What one runtime runs: instances, sync groups, track scripts, and where (namespace, adapters).</summary>
public sealed record VrrpRuntimeOptions
{
    public required IReadOnlyList<VrrpInstanceSettings> Instances { get; init; }

    public IReadOnlyList<VrrpSyncGroupSettings> SyncGroups { get; init; } = [];

    public IReadOnlyList<TrackScriptDefinition> TrackScripts { get; init; } = [];

    public IReadOnlyList<TrackFileDefinition> TrackFiles { get; init; } = [];

    /// <summary>vrrp_track_process definitions the instances track (<see cref="VrrpCoreConfigMapping.Apply"/> builds them from a config).</summary>
    public IReadOnlyList<TrackProcessDefinition> TrackProcesses { get; init; } = [];

    /// <summary>Process events (proc connector) with /proc polling as fallback, or polling only.</summary>
    public Linux.Vrrp.ProcessTrackerMode ProcessTrackerMode { get; init; }

    /// <summary>Extra trackers (interface link state, files) started with the loop.</summary>
    public IReadOnlyList<ITracker> Trackers { get; init; } = [];

    /// <summary>keepalived's net_namespace: sockets, VIPs and scripts live in this named namespace.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>script_user [group] for notify and track scripts; null runs them as the current user.</summary>
    public string? ScriptUser { get; init; }

    public string? ScriptGroup { get; init; }

    public TimeSpan NotifyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null: the Linux adapters for <see cref="NetworkNamespace"/>.</summary>
    public VrrpRuntimeAdapters? Adapters { get; init; }

    public IScriptRunner? ScriptRunner { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
