namespace HaTools.Core.Checks.VirtualServers;

/// <summary>A real server right now: alive (all checkers up), in the pool, effective weight and why.</summary>
public sealed record RealServerStatus(string VirtualServer, string RealServer, bool Alive, bool InPool, int Weight, int ConfiguredWeight, string? LastReason,
    IReadOnlyList<string> Checkers);
