using System.Net;
using HaTools.Core.Ipvs;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>Desired-state diff: only what differs changes, in an order that keeps traffic flowing.</summary>
public class IpvsTableDiffTests
{
    private static IpvsService Svc(ushort port, string sched = "rr", params IpvsRealServer[] rs) =>
        new() { Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("10.0.0.1"), Port = port, Scheduler = sched, RealServers = rs };

    private static IpvsRealServer Rs(string a, int weight = 1) => new() { Address = IPAddress.Parse(a), Port = 80, Weight = weight };

    [Fact]
    public void Same_table_needs_no_change()
    {
        var t = new[] { Svc(80, "rr", Rs("10.0.0.11"), Rs("10.0.0.12")) };
        Assert.Empty(IpvsTableDiff.Compute(t, t));
    }

    [Fact]
    public void Counters_and_kernel_flags_are_not_differences()
    {
        var have = Svc(80, "rr", Rs("10.0.0.11") with { ActiveConnections = 9 }) with { Flags = IpvsServiceFlags.Hashed, Stats = new IpvsStats { Connections = 5 } };
        Assert.Empty(IpvsTableDiff.Compute([have], [Svc(80, "rr", Rs("10.0.0.11"))]));
    }

    [Fact]
    public void Only_differences_change_in_traffic_safe_order()
    {
        IpvsService[] current = [Svc(80, "rr", Rs("10.0.0.11"), Rs("10.0.0.12")), Svc(81, "rr", Rs("10.0.0.11"))];
        IpvsService[] desired = [Svc(80, "wlc", Rs("10.0.0.11", 5), Rs("10.0.0.13")), Svc(82, "rr", Rs("10.0.0.14"))];

        var changes = IpvsTableDiff.Compute(current, desired).Select(c => c.Description).ToList();

        Assert.Equal(new[]
        {
            "-E -t 10.0.0.1:80 -s wlc",
            "-A -t 10.0.0.1:82 -s rr",
            "-e -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 5",
            "-a -t 10.0.0.1:80 -r 10.0.0.13:80 -g -w 1",
            "-a -t 10.0.0.1:82 -r 10.0.0.14:80 -g -w 1",
            "-d -t 10.0.0.1:80 -r 10.0.0.12:80",
            "-D -t 10.0.0.1:81",
        }, changes);
    }

    [Fact]
    public void Applying_the_diff_to_the_kernel_reaches_the_desired_table_and_a_second_diff_is_empty()
    {
        var k = new FakeIpvsKernel();
        using var c = IpvsClient.Open(k.Connect());
        c.Apply(IpvsTableDiff.Compute([], [Svc(80, "rr", Rs("10.0.0.11")), Svc(81)]));
        IpvsService[] desired = [Svc(80, "wlc", Rs("10.0.0.11", 2), Rs("10.0.0.12")), Svc(83, "rr", Rs("10.0.0.13"))];

        var results = c.Apply(IpvsTableDiff.Compute(c.GetServices(true), desired));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Empty(IpvsTableDiff.Compute(c.GetServices(true), desired));
    }

    [Fact]
    public void Persistence_change_is_a_service_update()
    {
        var want = Svc(80) with { Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 120 };
        var change = Assert.Single(IpvsTableDiff.Compute([Svc(80)], [want]));
        Assert.Equal(IpvsChangeKind.UpdateService, change.Kind);
        Assert.Equal("-E -t 10.0.0.1:80 -s rr -p 120", change.Description);
    }
}
