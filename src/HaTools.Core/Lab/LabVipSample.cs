namespace HaTools.Core.Lab;

/// <summary>
/// One look at the lab by <see cref="LabVipMonitor"/>: which nodes have the VIP configured (rtnetlink in their
/// namespace), which answered the client's ARP request for it (null for an IPv6 VIP), and each node's condition.
/// </summary>
public sealed record LabVipSample(
    TimeSpan Elapsed,
    IReadOnlyList<string> AddressHolders,
    IReadOnlyList<string>? ArpAnswerers,
    IReadOnlyDictionary<string, LabNodeCondition> Conditions)
{
    /// <summary>Nodes the lab plays as dead hosts: their leftover VIP does not count.</summary>
    public IEnumerable<string> Crashed => Conditions.Where(c => c.Value == LabNodeCondition.Crashed).Select(c => c.Key);

    /// <summary>Nodes that could hold the VIP (router running, link up).</summary>
    public IEnumerable<string> Healthy => Conditions.Where(c => c.Value == LabNodeCondition.Healthy).Select(c => c.Key);

    public override string ToString() =>
        $"{Elapsed.TotalSeconds,9:F3}s  addr=[{string.Join(",", AddressHolders)}] arp=[{(ArpAnswerers is null ? "-" : string.Join(",", ArpAnswerers))}] " +
        string.Join(" ", Conditions.Select(c => $"{c.Key}:{c.Value}"));
}
