using HaTools.Core.Ipvs;

namespace HaTools.Core.Checks.VirtualServers;

/// <summary>
/// The pool as IPVS destinations of one or more services (a virtual_server group maps to several):
/// each change is applied to every service, with the forwarding method the configuration gave the server.
/// </summary>
public sealed class IpvsRealServerPool : IRealServerPool
{
    private readonly IpvsClient _client;
    private readonly IReadOnlyList<IpvsService> _services;

    public IpvsRealServerPool(IpvsClient client, IReadOnlyList<IpvsService> services)
    {
        _client = client;
        _services = services;
    }

    public Task AddAsync(PoolMember member, CancellationToken cancellationToken)
    {
        foreach (var s in _services) _client.AddRealServer(Key(s), Destination(s, member, member.Weight));
        return Task.CompletedTask;
    }

    public Task RemoveAsync(PoolMember member, CancellationToken cancellationToken)
    {
        foreach (var s in _services) _client.RemoveRealServer(Key(s), Destination(s, member, member.Weight));
        return Task.CompletedTask;
    }

    public Task SetWeightAsync(PoolMember member, int weight, CancellationToken cancellationToken)
    {
        foreach (var s in _services) _client.UpdateRealServer(Key(s), Destination(s, member, weight));
        return Task.CompletedTask;
    }

    private static IpvsService Key(IpvsService s) => s with { RealServers = Array.Empty<IpvsRealServer>() };

    private static IpvsRealServer Destination(IpvsService s, PoolMember m, int weight)
    {
        var template = s.RealServers.FirstOrDefault(r => r.Address.Equals(m.Address) && r.Port == m.Port)
            ?? new IpvsRealServer { Address = m.Address, Port = (ushort)m.Port, ForwardingMethod = s.RealServers.FirstOrDefault()?.ForwardingMethod ?? IpvsForwardingMethod.Masquerade };
        return template with { Service = Key(s), Weight = weight };
    }
}
