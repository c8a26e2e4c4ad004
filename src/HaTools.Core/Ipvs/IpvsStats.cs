namespace HaTools.Core.Ipvs;

/// <summary>
/// Counters and rates of a service or real server. Filled from the 64-bit stats (IPVS_*_ATTR_STATS64)
/// when the kernel sends them, else from the 32-bit ones.
/// </summary>
public sealed record IpvsStats
{
    public ulong Connections { get; init; }
    public ulong PacketsIn { get; init; }
    public ulong PacketsOut { get; init; }
    public ulong BytesIn { get; init; }
    public ulong BytesOut { get; init; }
    public ulong ConnectionsPerSecond { get; init; }
    public ulong PacketsInPerSecond { get; init; }
    public ulong PacketsOutPerSecond { get; init; }
    public ulong BytesInPerSecond { get; init; }
    public ulong BytesOutPerSecond { get; init; }

    public static IpvsStats Zero { get; } = new();
}
