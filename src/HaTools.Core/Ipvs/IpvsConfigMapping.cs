using System.Net;
using System.Net.Sockets;
using HaTools.Core.Config;

namespace HaTools.Core.Ipvs;

/// <summary>
/// keepalived virtual_server blocks as IPVS services: what keepalived would put in the table with
/// every real server up. keepalived's defaults apply (NAT forwarding, weight 1, TCP, persistence 360 s).
/// </summary>
public static class IpvsConfigMapping
{
    public static IReadOnlyList<IpvsService> ToServices(VirtualServerConfig vs, IEnumerable<VirtualServerGroupConfig>? groups = null)
    {
        var template = Template(vs);
        var keys = new List<IpvsService>();
        if (vs.GroupName != null)
        {
            var group = groups?.FirstOrDefault(g => g.Name == vs.GroupName)
                ?? throw new HaToolsException("IpvsConfigGroupNotFound", HaToolsErrorKind.ObjectNotFound,
                    $"virtual_server group {vs.GroupName}: no virtual_server_group of that name was given.", vs);
            foreach (var m in group.Members)
            {
                if (m.FirewallMark is int mark)
                {
                    keys.Add(template with { FirewallMark = (uint)mark, AddressFamily = AddressFamily.InterNetwork, Protocol = null, Address = null, Port = 0 });
                    continue;
                }
                foreach (var address in Expand(m))
                    keys.Add(template with { AddressFamily = address.AddressFamily, Address = address, Port = (ushort)(m.Port ?? 0) });
            }
        }
        else if (vs.FirewallMark is int mark)
        {
            var v6 = vs.RealServers.Any(r => r.Address.AddressFamily == AddressFamily.InterNetworkV6);
            keys.Add(template with
            {
                FirewallMark = (uint)mark, Protocol = null,
                AddressFamily = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
            });
        }
        else if (vs.Address != null && vs.Port is int port)
        {
            keys.Add(template with { AddressFamily = vs.Address.AddressFamily, Address = vs.Address, Port = (ushort)port });
        }
        else
        {
            throw new HaToolsException("IpvsConfigIncomplete", HaToolsErrorKind.InvalidArgument,
                $"virtual_server {vs.Key} has no address and port, firewall mark or group.", vs);
        }
        return keys.Select(k => k with { RealServers = RealServers(vs, k) }).ToList();
    }

    private static IpvsService Template(VirtualServerConfig vs)
    {
        var protocol = vs.Protocol switch
        {
            Config.IpvsProtocol.Udp => Ipvs.IpvsProtocol.UDP,
            Config.IpvsProtocol.Sctp => Ipvs.IpvsProtocol.SCTP,
            _ => Ipvs.IpvsProtocol.TCP,
        };
        var flags = IpvsServiceFlags.None;
        int? prefix = null;
        if (vs.PersistenceTimeout is int)
        {
            flags |= IpvsServiceFlags.Persistent;
            if (vs.PersistenceGranularity is { } g)
            {
                var family = vs.Address?.AddressFamily ?? AddressFamily.InterNetwork;
                if (!IpvsSaveFormat.TryParseNetmask(g, family, out var p))
                    throw new HaToolsException("IpvsConfigInvalidGranularity", HaToolsErrorKind.InvalidArgument,
                        $"virtual_server {vs.Key}: persistence_granularity '{g}' is not a netmask (IPv4) or prefix length (IPv6).", vs);
                prefix = p;
            }
        }
        var scheduler = vs.Scheduler ?? "wlc";
        if (!IpvsSchedulers.IsKnown(scheduler))
            throw new HaToolsException("IpvsConfigUnknownScheduler", HaToolsErrorKind.InvalidArgument,
                $"virtual_server {vs.Key}: unknown scheduler '{scheduler}'.", vs);
        return new IpvsService
        {
            Protocol = protocol,
            Scheduler = scheduler,
            Flags = flags,
            PersistenceTimeout = (uint)(vs.PersistenceTimeout ?? 0),
            PersistencePrefixLength = prefix,
        };
    }

    private static IReadOnlyList<IpvsRealServer> RealServers(VirtualServerConfig vs, IpvsService service)
    {
        var key = service with { RealServers = Array.Empty<IpvsRealServer>() };
        return vs.RealServers.Select(r => new IpvsRealServer
        {
            Service = key,
            Address = r.Address,
            Port = (ushort)(r.Port ?? service.Port),
            Weight = r.Weight ?? 1,
            ForwardingMethod = (r.Method ?? vs.Method) switch
            {
                LvsMethod.Dr => IpvsForwardingMethod.DirectRouting,
                LvsMethod.Tun => IpvsForwardingMethod.Tunnel,
                _ => IpvsForwardingMethod.Masquerade,
            },
        }).ToList();
    }

    /// <summary>10.0.0.1-10 means 10.0.0.1 .. 10.0.0.10 (the last component ranges).</summary>
    private static IEnumerable<IPAddress> Expand(VirtualServerGroupMemberConfig m)
    {
        if (m.Address == null)
            yield break;
        yield return m.Address;
        if (m.RangeEnd is not int end)
            yield break;
        var bytes = m.Address.GetAddressBytes();
        var wide = m.Address.AddressFamily == AddressFamily.InterNetworkV6;
        int first = wide ? (bytes[14] << 8) | bytes[15] : bytes[3];
        for (var v = first + 1; v <= end; v++)
        {
            var b = (byte[])bytes.Clone();
            if (wide) { b[14] = (byte)(v >> 8); b[15] = (byte)v; }
            else b[3] = (byte)v;
            yield return new IPAddress(b);
        }
    }
}
