using System.Collections.Concurrent;
using HaTools.Core.Checks.VirtualServers;

namespace HaTools.Core.Tests.Checks;

/// <summary>An IPVS service stand-in: members and their weights, and the log of every change.</summary>
public sealed class FakePool : IRealServerPool
{
    public ConcurrentDictionary<string, int> Members { get; } = new();

    public ConcurrentQueue<string> Log { get; } = new();

    public Func<PoolMember, Exception?>? FailOn { get; set; }

    /// <summary>Real time an add takes (a slow netlink round trip), so other threads get to run meanwhile.</summary>
    public TimeSpan AddLatency { get; set; }

    public async Task AddAsync(PoolMember m, CancellationToken ct)
    {
        if (AddLatency > TimeSpan.Zero) await Task.Delay(AddLatency, CancellationToken.None);
        Add(m);
    }

    private void Add(PoolMember m)
    {
        if (FailOn?.Invoke(m) is { } ex) throw ex;
        if (!Members.TryAdd(m.ToString(), m.Weight)) throw new InvalidOperationException($"{m} already in the pool");
        Log.Enqueue($"add {m} {m.Weight}");
    }

    public Task RemoveAsync(PoolMember m, CancellationToken ct)
    {
        if (!Members.TryRemove(m.ToString(), out _)) throw new InvalidOperationException($"{m} not in the pool");
        Log.Enqueue($"remove {m}");
        return Task.CompletedTask;
    }

    public Task SetWeightAsync(PoolMember m, int weight, CancellationToken ct)
    {
        if (!Members.ContainsKey(m.ToString())) throw new InvalidOperationException($"{m} not in the pool");
        Members[m.ToString()] = weight;
        Log.Enqueue($"weight {m} {weight}");
        return Task.CompletedTask;
    }
}
