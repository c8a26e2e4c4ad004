namespace HaTools.Core.Checks.VirtualServers;

/// <summary>
/// The load balancer's view of one virtual server's destinations (an IPVS service in production, a fake
/// in tests). Calls come from one loop, one at a time; a failure throws and is reported as a transition.
/// </summary>
public interface IRealServerPool
{
    Task AddAsync(PoolMember member, CancellationToken cancellationToken);

    Task RemoveAsync(PoolMember member, CancellationToken cancellationToken);

    Task SetWeightAsync(PoolMember member, int weight, CancellationToken cancellationToken);
}
