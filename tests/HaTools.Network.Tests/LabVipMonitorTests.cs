using System.Net;
using HaTools.Core.Lab;

namespace HaTools.Network.Tests;

/// <summary>The VIP invariant monitor itself on the wire: it must see what is there, or the fault tests prove nothing.</summary>
public class LabVipMonitorTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.99.0.250");
    private static readonly LabVipRules Rules = new(MaxDualHolders: TimeSpan.FromMilliseconds(100), MaxNoHolder: TimeSpan.FromMilliseconds(300), AfterHeal: TimeSpan.Zero);

    [Fact]
    public void Monitor_reports_a_vip_on_two_nodes_and_a_vip_on_none_by_address_and_by_arp()
    {
        using var lab = FailoverLab.Create(2);

        // Stand-in routers make both nodes healthy without running VRRP; the test moves the VIP by hand.
        lab.StartRouter(lab.Nodes[0], "router", "sleep", "60");
        lab.StartRouter(lab.Nodes[1], "router", "sleep", "60");
        lab.ExecChecked(lab.Nodes[0].Namespace, "ip", "addr", "add", "10.99.0.250/24", "dev", "eth0");
        using var monitor = LabVipMonitor.Start(lab, Vip);
        Thread.Sleep(300);
        lab.ExecChecked(lab.Nodes[1].Namespace, "ip", "addr", "add", "10.99.0.250/24", "dev", "eth0");
        Thread.Sleep(400);
        lab.ExecChecked(lab.Nodes[0].Namespace, "ip", "addr", "del", "10.99.0.250/24", "dev", "eth0");
        lab.ExecChecked(lab.Nodes[1].Namespace, "ip", "addr", "del", "10.99.0.250/24", "dev", "eth0");
        Thread.Sleep(600);
        lab.ExecChecked(lab.Nodes[1].Namespace, "ip", "addr", "add", "10.99.0.250/24", "dev", "eth0");
        Thread.Sleep(300);
        var report = monitor.Stop();

        var violations = report.Check(Rules);
        string why = string.Join("\n", violations) + "\n" + report.Describe();
        foreach (var view in new[] { "address", "arp" })
        {
            var dual = Assert.Single(violations, v => v.View == view && v.Kind == "two holders");
            Assert.Equal(new[] { "n1", "n2" }, dual.Holders);
            Assert.InRange(dual.Duration.TotalMilliseconds, 250, 3000); // 400 ms of sleep, minus sampling, plus load
            var none = Assert.Single(violations, v => v.View == view && v.Kind == "no holder");
            Assert.InRange(none.Duration.TotalMilliseconds, 450, 3000);
        }

        Assert.True(violations.Count == 4, why);
        Assert.Equal(new[] { "n2" }, report.FinalHolders);
    }

    [Fact]
    public void Monitor_does_not_count_a_crashed_node_or_a_partition_before_it_heals()
    {
        using var lab = FailoverLab.Create(2);
        var r1 = lab.StartRouter(lab.Nodes[0], "router", "sleep", "60");
        lab.StartRouter(lab.Nodes[1], "router", "sleep", "60");
        lab.ExecChecked(lab.Nodes[0].Namespace, "ip", "addr", "add", "10.99.0.250/24", "dev", "eth0");
        using var monitor = LabVipMonitor.Start(lab, Vip);
        lab.Partition(lab.Nodes[0]);
        lab.ExecChecked(lab.Nodes[1].Namespace, "ip", "addr", "add", "10.99.0.250/24", "dev", "eth0");
        Thread.Sleep(400); // two holders, excused: partitioned
        lab.Kill(r1);
        lab.Heal(lab.Nodes[0]);
        Thread.Sleep(400); // n1 still has the VIP but plays a dead host
        var report = monitor.Stop();

        Assert.True(report.Check(Rules).Count == 0, string.Join("\n", report.Check(Rules)) + "\n" + report.Describe());
        Assert.Contains(report.Samples, s => s.AddressHolders.Count == 2 && s.ArpAnswerers!.Count == 2);
        Assert.Equal(LabNodeCondition.Crashed, report.Samples[^1].Conditions["n1"]);
        Assert.Equal(new[] { "n2" }, report.FinalHolders);
    }
}
