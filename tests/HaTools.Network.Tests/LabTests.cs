using System.Net;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Netns;

namespace HaTools.Network.Tests;

public class LabTests
{
    [Fact]
    public void Lab_puts_nodes_and_client_on_one_bridge_and_removes_every_namespace_on_dispose()
    {
        string[] namespaces;
        using (var lab = FailoverLab.Create(2))
        {
            namespaces = lab.Nodes.Select(n => n.Namespace).Append(lab.Client.Namespace).Append(lab.SwitchNamespace).ToArray();
            Assert.All(namespaces, ns => Assert.True(NetworkNamespace.Exists(ns), ns));
            Assert.True(lab.ClientPing(lab.Nodes[0].IPv4));
            Assert.True(lab.ClientPing(lab.Nodes[1].IPv4));
            Assert.True(lab.Exec(lab.Nodes[0], "ping", "-6", "-c", "1", "-W", "1", lab.Nodes[1].IPv6.ToString()).Succeeded);
            Assert.NotEqual(lab.Nodes[0].HardwareAddress, lab.Nodes[1].HardwareAddress);
            Assert.NotNull(lab.Nodes[0].LinkLocal);
        }

        Assert.All(namespaces, ns => Assert.False(NetworkNamespace.Exists(ns), ns));
    }

    [Fact]
    public void Lab_tells_who_holds_a_vip_by_ip_addr_and_by_arp_from_the_client()
    {
        using var lab = FailoverLab.Create(2);
        var vip = IPAddress.Parse("10.99.0.250");
        Assert.Empty(lab.NodesHolding(vip));
        Assert.Null(lab.WhoAnswersArp(vip, TimeSpan.FromMilliseconds(200)));

        lab.ExecChecked(lab.Nodes[1].Namespace, "ip", "addr", "add", "10.99.0.250/32", "dev", "eth0");

        Assert.Equal(new[] { lab.Nodes[1] }, lab.NodesHolding(vip));
        Assert.Same(lab.Nodes[1], lab.WhoAnswersArp(vip, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Partition_drops_vrrp_only_and_heal_restores_it()
    {
        using var lab = FailoverLab.Create(2);
        var n1 = lab.Nodes[0];
        lab.Partition(n1);
        var rules = lab.ExecChecked(n1.Namespace, "nft", "list", "ruleset").StandardOutput;
        Assert.Contains("meta l4proto 112 drop", rules.Replace("vrrp", "112"));
        Assert.True(lab.ClientPing(n1.IPv4), "ICMP must still pass a VRRP partition");
        lab.Heal(n1);
        Assert.DoesNotContain("htlab_partition", lab.ExecChecked(n1.Namespace, "nft", "list", "ruleset").StandardOutput);
        Assert.Contains(lab.Timeline, e => e.Kind == "partition" && e.Node == "n1");
        Assert.Contains(lab.Timeline, e => e.Kind == "heal" && e.Node == "n1");
    }

    [Fact]
    public void Killed_lab_process_is_gone_and_recorded_on_the_timeline()
    {
        using var lab = FailoverLab.Create(1);
        var sleeper = lab.Start(lab.Nodes[0], "sleeper", "sleep", "60");
        lab.Kill(sleeper);
        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Contains(lab.Timeline, e => e.Kind == "kill" && e.Node == "n1");
    }

    [Fact]
    public void Stale_lab_namespaces_of_dead_processes_are_removed_and_live_ones_kept()
    {
        // pid 4194304 is above pid_max's ceiling, so no process can have it.
        string stale = "htlabt4194304x1n1";
        Assert.True(System.Diagnostics.Process.Start("ip", new[] { "netns", "add", stale })!.WaitForExit(5000));
        using var live = FailoverLab.Create(1);
        try
        {
            Assert.True(FailoverLab.RemoveStale("htlabt") >= 1);
            Assert.False(NetworkNamespace.Exists(stale));
            FailoverLab.RemoveStale("htlab");
            Assert.True(NetworkNamespace.Exists(live.Nodes[0].Namespace));
        }
        finally
        {
            System.Diagnostics.Process.Start("ip", new[] { "netns", "del", stale })!.WaitForExit(5000);
        }
    }
}
