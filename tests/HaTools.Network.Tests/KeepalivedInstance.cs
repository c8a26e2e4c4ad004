namespace HaTools.Network.Tests;

/// <summary>What a keepalived peer in a test is configured with (one vrrp_instance).</summary>
public sealed record KeepalivedInstance(int Priority, int Version, double AdvertInterval, string Vip, bool NoPreempt = false, string? AuthPass = null, string? UnicastSource = null, string[]? UnicastPeers = null, string State = "BACKUP", int VirtualRouterId = 51, KeepalivedScript? Script = null);

/// <summary>A vrrp_script the instance tracks with a weight (track_script { name weight W }).</summary>
public sealed record KeepalivedScript(string Path, int IntervalSeconds, int Weight, int Rise = 1, int Fall = 1, int? TimeoutSeconds = null, string Name = "chk");
