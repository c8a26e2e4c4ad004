using System.Net;
using HaTools.Core.Lab;
using HaTools.VrrpNode;

namespace HaTools.Network.Tests;

/// <summary>Two HaTools nodes as separate processes on the lab bridge (issue 3, interoperability 1).</summary>
public class HaToolsPairTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.99.0.250");

    internal static InstanceConfig Instance(int priority, bool noPreempt = false, int version = 3, int intervalMs = 100) => new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = 51,
        Priority = priority,
        State = "BACKUP",
        Version = version,
        AdvertIntervalMs = intervalMs,
        VirtualIPAddresses = { "10.99.0.250/24" },
        NoPreempt = noPreempt,
        GarpMasterDelayMs = 1000,
        GarpMasterRepeat = 2,
    };

    [Fact]
    public void Higher_priority_wins_the_election_and_backup_takes_over_after_master_sigkill_rfc5798_6_4_2()
    {
        using var lab = FailoverLab.Create(2);
        var n1 = VrrpNodeProcess.Start(lab, lab.Nodes[0], Instance(150));
        var n2 = VrrpNodeProcess.Start(lab, lab.Nodes[1], Instance(100));

        Assert.True(Wait.Until(() => n1.State() == "Master" && n2.State() == "Backup", TimeSpan.FromSeconds(5)), lab.Timeline.Last().ToString());
        Assert.Equal(new[] { lab.Nodes[0] }, lab.NodesHolding(Vip));
        Assert.Same(lab.Nodes[0], lab.WhoAnswersArp(Vip, TimeSpan.FromSeconds(1)));
        Assert.True(lab.ClientPing(Vip));
        using var invariants = VipInvariants.Watch(lab, Vip, TimeSpan.FromMilliseconds(100), lowestBackupPriority: 100);

        lab.Kill(n1.Process);
        var takeover = lab.WaitUntilAnswering(Vip, lab.Nodes[1], TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3));
        Assert.NotNull(takeover);
        Assert.True(Wait.Until(() => n2.State() == "Master", TimeSpan.FromSeconds(1)), n2.Process.Output);
        Assert.True(Wait.Until(() => lab.ClientNeighbor(Vip) == lab.Nodes[1].HardwareAddress, TimeSpan.FromSeconds(3)), "the client's ARP entry must follow the GARP");
        Thread.Sleep(300);
        Assert.Equal(new[] { "n2" }, invariants.AssertHeld(n2.Process.Output).FinalHolders);
    }

    [Fact]
    public void Restarted_higher_priority_node_preempts_back()
    {
        using var lab = FailoverLab.Create(2);
        var n1 = VrrpNodeProcess.Start(lab, lab.Nodes[0], Instance(150));
        var n2 = VrrpNodeProcess.Start(lab, lab.Nodes[1], Instance(100));
        Assert.True(Wait.Until(() => n1.State() == "Master", TimeSpan.FromSeconds(5)));
        lab.Kill(n1.Process);
        Assert.True(Wait.Until(() => n2.State() == "Master", TimeSpan.FromSeconds(3)));

        var n1Again = VrrpNodeProcess.Start(lab, lab.Nodes[0], Instance(150));
        Assert.True(Wait.Until(() => n1Again.State() == "Master" && n2.State() == "Backup", TimeSpan.FromSeconds(5)));
        Assert.True(Wait.Until(() => lab.NodesHolding(Vip).SequenceEqual(new[] { lab.Nodes[0] }), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void With_nopreempt_the_restarted_higher_priority_node_stays_backup()
    {
        using var lab = FailoverLab.Create(2);
        var n1 = VrrpNodeProcess.Start(lab, lab.Nodes[0], Instance(150, noPreempt: true));
        var n2 = VrrpNodeProcess.Start(lab, lab.Nodes[1], Instance(100, noPreempt: true));
        Assert.True(Wait.Until(() => n1.State() == "Master", TimeSpan.FromSeconds(5)));
        lab.Kill(n1.Process);
        Assert.True(Wait.Until(() => n2.State() == "Master", TimeSpan.FromSeconds(3)));

        var n1Again = VrrpNodeProcess.Start(lab, lab.Nodes[0], Instance(150, noPreempt: true));
        Thread.Sleep(1500); // far more than Master_Down_Interval at 100 ms adverts
        Assert.Equal("Backup", n1Again.State());
        Assert.Equal("Master", n2.State());
        Assert.Equal(new[] { lab.Nodes[1] }, lab.NodesHolding(Vip));
    }
}
