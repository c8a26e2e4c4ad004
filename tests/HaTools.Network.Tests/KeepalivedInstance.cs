namespace HaTools.Network.Tests;

/// <summary>What a keepalived peer in a test is configured with (one vrrp_instance).</summary>
public sealed record KeepalivedInstance(int Priority, int Version, double AdvertInterval, string Vip, bool NoPreempt = false, string? AuthPass = null, string? UnicastSource = null, string[]? UnicastPeers = null, string State = "BACKUP", int VirtualRouterId = 51);
