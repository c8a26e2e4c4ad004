namespace HaTools.Core.Checks.VirtualServers;

/// <summary>A pool that changes nothing: run the checks and see the transitions without touching IPVS (-MonitorOnly).</summary>
public sealed class ObservingRealServerPool : IRealServerPool
{
    public Task AddAsync(PoolMember member, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveAsync(PoolMember member, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetWeightAsync(PoolMember member, int weight, CancellationToken cancellationToken) => Task.CompletedTask;
}
