namespace HaTools.Core.Checks.VirtualServers;

/// <summary>A running virtual server right now.</summary>
public sealed record VirtualServerStatus(string Name, bool QuorumUp, int AliveWeight, int Quorum, bool SorryServerActive, IReadOnlyList<RealServerStatus> RealServers);
