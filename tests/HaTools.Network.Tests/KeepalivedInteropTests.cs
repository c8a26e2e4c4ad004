using System.Net;
using HaTools.Core.Lab;
using HaTools.VrrpNode;

namespace HaTools.Network.Tests;

/// <summary>
/// HaTools against real keepalived 2.2 on one bridge (issue 3, interoperability 2): whichever side has the higher
/// priority becomes the only master, the other backs off, and on SIGKILL of the master the other takes over.
/// </summary>
public class KeepalivedInteropTests
{
    public static TheoryData<int, string, bool, bool> Cases()
    {
        var data = new TheoryData<int, string, bool, bool>();
        foreach (bool hatoolsMaster in new[] { true, false })
        {
            data.Add(2, "ipv4", false, hatoolsMaster); // v2 multicast, auth PASS
            data.Add(2, "ipv4", true, hatoolsMaster);  // v2 unicast, auth PASS
            data.Add(3, "ipv4", false, hatoolsMaster);
            data.Add(3, "ipv4", true, hatoolsMaster);
            data.Add(3, "ipv6", false, hatoolsMaster);
            data.Add(3, "ipv6", true, hatoolsMaster);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HaTools_and_keepalived_agree_on_one_master_and_hand_over_on_sigkill(int version, string family, bool unicast, bool hatoolsMaster)
    {
        using var lab = FailoverLab.Create(2);
        LabNode hNode = lab.Nodes[0], kNode = lab.Nodes[1];
        bool v6 = family == "ipv6";
        string vipText = v6 ? "fd99::250" : "10.99.0.250";
        var vip = IPAddress.Parse(vipText);
        string vipCidr = vipText + (v6 ? "/64" : "/24");
        string? pass = version == 2 ? "secret1" : null;
        int intervalMs = version == 2 ? 1000 : 100;
        IPAddress Addr(LabNode n) => v6 ? n.IPv6 : n.IPv4;

        var hatoolsConfig = new InstanceConfig
        {
            Priority = hatoolsMaster ? 150 : 100,
            Version = version,
            AdvertIntervalMs = intervalMs,
            VirtualIPAddresses = { vipCidr },
            AuthPass = pass,
            GarpMasterDelayMs = 1000,
            GarpMasterRepeat = 2,
            UnicastSource = unicast ? Addr(hNode).ToString() : null,
            UnicastPeers = unicast ? new List<string> { Addr(kNode).ToString() } : new List<string>(),
        };
        var keepalivedConfig = new KeepalivedInstance(
            hatoolsMaster ? 100 : 150, version, intervalMs / 1000.0, vipCidr, AuthPass: pass,
            UnicastSource: unicast ? Addr(kNode).ToString() : null,
            UnicastPeers: unicast ? new[] { Addr(hNode).ToString() } : null);

        var keepalived = KeepalivedProcess.Start(lab, kNode, keepalivedConfig);
        var hatools = VrrpNodeProcess.Start(lab, hNode, hatoolsConfig);
        var masterNode = hatoolsMaster ? hNode : kNode;
        var backupNode = hatoolsMaster ? kNode : hNode;
        var masterDown = TimeSpan.FromMilliseconds(intervalMs * 4);

        bool converged = Wait.Until(
            () => lab.NodesHolding(vip).SequenceEqual(new[] { masterNode })
                  && keepalived.State == (hatoolsMaster ? "BACKUP" : "MASTER")
                  && hatools.State() == (hatoolsMaster ? "Master" : "Backup"),
            masterDown * 3);
        Assert.True(converged, Diagnose(lab, hatools, keepalived));

        // Stays that way for several adverts: no flapping, nothing dropped on our side.
        Thread.Sleep(intervalMs * 3);
        Assert.True(lab.NodesHolding(vip).SequenceEqual(new[] { masterNode }), Diagnose(lab, hatools, keepalived));
        Assert.True(hatools.Status().GetProperty("Errors").EnumerateObject().Count() == 0, Diagnose(lab, hatools, keepalived));
        Assert.True(hatools.Status().GetProperty("AdvertisementsReceived").GetInt64() > 0 || hatoolsMaster);

        // From here to the end: one holder at a time, and none only until the backup's Master_Down_Interval ran out.
        using var invariants = VipInvariants.Watch(lab, vip, TimeSpan.FromMilliseconds(intervalMs), lowestBackupPriority: 100);

        // The client talks to the VIP before the failure, so its neighbour cache points at the old master.
        Assert.True(lab.Exec(lab.Client, "ping", v6 ? "-6" : "-4", "-c", "1", "-W", "1", vipText).Succeeded);
        if (!v6)
        {
            Assert.Equal(masterNode.HardwareAddress, lab.ClientNeighbor(vip));
        }

        if (hatoolsMaster)
        {
            lab.Kill(hatools.Process);
            // keepalived's console log can lag; the VIP it installs is the ground truth.
            Assert.True(Wait.Until(() => lab.NodesHolding(vip).Contains(kNode), masterDown * 3), Diagnose(lab, hatools, keepalived));
        }
        else
        {
            keepalived.Kill(lab);
            Assert.True(Wait.Until(() => hatools.State() == "Master" && lab.NodesHolding(vip).Contains(hNode), masterDown * 3), Diagnose(lab, hatools, keepalived));
        }

        if (!v6)
        {
            // The killed master's kernel still has the VIP and would answer ARP too, so look at the client's cache
            // (moved by the new master's GARP) before anyone asks again.
            Assert.True(Wait.Until(() => lab.ClientNeighbor(vip) == backupNode.HardwareAddress, TimeSpan.FromSeconds(3)), "client ARP cache must follow the new master's GARP\n" + Diagnose(lab, hatools, keepalived));
            Assert.True(lab.ClientPing(vip));
        }
        else
        {
            Assert.True(Wait.Until(() => lab.Exec(lab.Client, "ping", "-6", "-c", "1", "-W", "1", vipText).Succeeded, TimeSpan.FromSeconds(3)));
        }

        Assert.Equal(new[] { backupNode.Name }, invariants.AssertHeld(Diagnose(lab, hatools, keepalived)).FinalHolders);
    }

    internal static string Diagnose(FailoverLab lab, VrrpNodeProcess hatools, KeepalivedProcess keepalived) =>
        "timeline:\n" + string.Join("\n", lab.Timeline) +
        "\n--- hatools:\n" + hatools.Process.Output +
        "\n--- keepalived:\n" + keepalived.Process.Output;
}
