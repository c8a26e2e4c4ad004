using HaTools.Core.Vrrp;

namespace HaTools.VrrpNode;

internal static class NodeTrackers
{
    public static IReadOnlyList<ITracker> Create(NodeConfig config) => Array.Empty<ITracker>();
}
