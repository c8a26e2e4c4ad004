namespace HaTools.Core.Vrrp;

/// <summary>
/// A burst of gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6): <see cref="Count"/> per
/// address, <see cref="Interval"/> apart (garp_interval / gna_interval; zero = back to back).
/// </summary>
public sealed record VrrpAnnouncement(string Instance, string Interface, IReadOnlyList<VrrpVirtualAddress> Addresses, int Count, TimeSpan Interval);
