namespace HaTools.Core.Checks.VirtualServers;

/// <summary>What changed in a running virtual server.</summary>
public enum VirtualServerTransitionKind
{
    RealServerUp,
    RealServerDown,
    WeightChanged,
    QuorumUp,
    QuorumDown,
    SorryServerIn,
    SorryServerOut,
    PoolError,
    ScriptFailed,
}
