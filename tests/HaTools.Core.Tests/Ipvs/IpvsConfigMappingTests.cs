using System.Net;
using System.Net.Sockets;
using HaTools.Core.Config;
using HaTools.Core.Ipvs;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>keepalived virtual_server blocks (keepalived.conf(5)) as the IPVS table keepalived would build with every real server up.</summary>
public class IpvsConfigMappingTests
{
    private static VirtualServerConfig Dr() => new()
    {
        Address = IPAddress.Parse("192.0.2.10"), Port = 80, Protocol = HaTools.Core.Config.IpvsProtocol.Tcp, Scheduler = "wlc", Method = LvsMethod.Dr,
        PersistenceTimeout = 360, PersistenceGranularity = "255.255.255.0",
        RealServers = new ConfigList<RealServerConfig>
        {
            new() { Address = IPAddress.Parse("10.0.0.11"), Port = 80, Weight = 2 },
            new() { Address = IPAddress.Parse("10.0.0.12"), Port = 8080, Method = LvsMethod.Nat },
        },
    };

    [Fact]
    public void Lvs_dr_virtual_server_maps_to_one_service_with_its_real_servers()
    {
        var s = Assert.Single(IpvsConfigMapping.ToServices(Dr()));

        Assert.Equal("-A -t 192.0.2.10:80 -s wlc -p 360 -M 255.255.255.0", IpvsSaveFormat.FormatService(s, "-A"));
        Assert.Equal("-a -t 192.0.2.10:80 -r 10.0.0.11:80 -g -w 2", IpvsSaveFormat.FormatRealServer(s, s.RealServers[0], "-a"));
        // A real server's own lvs_method overrides the virtual server's.
        Assert.Equal("-a -t 192.0.2.10:80 -r 10.0.0.12:8080 -m -w 1", IpvsSaveFormat.FormatRealServer(s, s.RealServers[1], "-a"));
        Assert.True(s.RealServers[0].Service!.HasSameKey(s));
    }

    [Fact]
    public void Keepalived_defaults_are_tcp_nat_and_weight_one()
    {
        var vs = new VirtualServerConfig
        {
            Address = IPAddress.Parse("192.0.2.10"), Port = 53, Scheduler = "rr",
            RealServers = new ConfigList<RealServerConfig> { new() { Address = IPAddress.Parse("10.0.0.11") } },
        };
        var s = Assert.Single(IpvsConfigMapping.ToServices(vs));
        Assert.Equal(HaTools.Core.Ipvs.IpvsProtocol.TCP, s.Protocol);
        Assert.False(s.IsPersistent);
        Assert.Equal(IpvsForwardingMethod.Masquerade, s.RealServers[0].ForwardingMethod);
        Assert.Equal(1, s.RealServers[0].Weight);
        Assert.Equal(53, s.RealServers[0].Port); // no port: the service's
    }

    [Fact]
    public void Fwmark_virtual_server_with_ipv6_real_servers_is_an_ipv6_mark_service()
    {
        var vs = new VirtualServerConfig
        {
            FirewallMark = 5, Scheduler = "mh", Method = LvsMethod.Dr,
            RealServers = new ConfigList<RealServerConfig> { new() { Address = IPAddress.Parse("2001:db8::11") } },
        };
        var s = Assert.Single(IpvsConfigMapping.ToServices(vs));
        Assert.Equal("FWM 5 IPv6", s.Name);
        Assert.Equal(AddressFamily.InterNetworkV6, s.AddressFamily);
    }

    [Fact]
    public void Group_members_expand_ranges_into_one_service_each()
    {
        var vs = new VirtualServerConfig { GroupName = "web", Scheduler = "rr", RealServers = new ConfigList<RealServerConfig> { new() { Address = IPAddress.Parse("10.0.0.11"), Port = 80 } } };
        var group = new VirtualServerGroupConfig
        {
            Name = "web",
            Members = new ConfigList<VirtualServerGroupMemberConfig>
            {
                new() { Address = IPAddress.Parse("192.0.2.1"), RangeEnd = 3, Port = 80 },
                new() { FirewallMark = 9 },
            },
        };

        var names = IpvsConfigMapping.ToServices(vs, [group]).Select(s => s.Name);

        Assert.Equal(new[] { "TCP 192.0.2.1:80", "TCP 192.0.2.2:80", "TCP 192.0.2.3:80", "FWM 9" }, names);
    }

    [Fact]
    public void Unknown_group_scheduler_or_granularity_is_a_clear_error_naming_the_virtual_server()
    {
        Assert.Equal("IpvsConfigGroupNotFound", Assert.Throws<HaToolsException>(() => IpvsConfigMapping.ToServices(new VirtualServerConfig { GroupName = "nope" })).ErrorId);
        var bad = Dr() with { Scheduler = "fastest" };
        var ex = Assert.Throws<HaToolsException>(() => IpvsConfigMapping.ToServices(bad));
        Assert.Equal("IpvsConfigUnknownScheduler", ex.ErrorId);
        Assert.Same(bad, ex.Target);
        Assert.Equal("IpvsConfigInvalidGranularity", Assert.Throws<HaToolsException>(() => IpvsConfigMapping.ToServices(Dr() with { PersistenceGranularity = "255.0.255.0" })).ErrorId);
    }
}
