using System.Net;
using HaTools.Core.Lab;
using HaTools.VrrpNode;

namespace HaTools.Network.Tests;

/// <summary>
/// old_unicast_checksum on the wire against keepalived 2.2.7 (built with OLD_CHKSUM_COMPAT): VRRPv3 unicast over
/// IPv4 with 224.0.0.18 in the checksum pseudo-header. Each side must accept the other's variant: keepalived by its
/// own detection ("Setting unicast VRRPv3 checksum to old version"), HaTools by the same rule.
/// </summary>
public class OldUnicastChecksumInteropTests
{
    private const int IntervalMs = 100;
    private static readonly IPAddress Vip = IPAddress.Parse("10.99.0.250");

    [Fact]
    public void HaTools_backup_learns_the_old_checksum_from_a_keepalived_master_configured_with_it()
    {
        using var lab = FailoverLab.Create(2);
        LabNode h = lab.Nodes[0], k = lab.Nodes[1];
        LabProcess keepalived = StartKeepalived(lab, k, h, priority: 150, oldChecksum: true);
        var hatools = VrrpNodeProcess.Start(lab, h, Config(h, k, priority: 100, oldChecksum: "Detect"));

        bool agreed = Wait.Until(() => hatools.State() == "Backup" && lab.NodesHolding(Vip).SequenceEqual(new[] { k })
            && hatools.Status().GetProperty("AdvertisementsReceived").GetInt64() > 5, TimeSpan.FromSeconds(5));

        Assert.True(agreed, hatools.Process.Output + keepalived.Output);
        Assert.Equal(0, hatools.Error("ChecksumVariantMismatch"));
        Assert.Equal(0, hatools.Error("BadChecksum"));
        Assert.Contains("(VI_1) Setting unicast VRRPv3 checksum to old version", hatools.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Keepalived_backup_accepts_adverts_from_a_HaTools_master_configured_with_old_unicast_checksum()
    {
        using var lab = FailoverLab.Create(2);
        LabNode h = lab.Nodes[0], k = lab.Nodes[1];
        var hatools = VrrpNodeProcess.Start(lab, h, Config(h, k, priority: 150, oldChecksum: "Always"));
        // keepalived starts only once HaTools is master: a node process that starts slowly under load would
        // otherwise let keepalived win the first election, which says nothing about the checksum.
        Assert.True(Wait.Until(() => hatools.State() == "Master", TimeSpan.FromSeconds(30)), hatools.Process.Output);
        LabProcess keepalived = StartKeepalived(lab, k, h, priority: 100, oldChecksum: false);

        bool agreed = Wait.Until(() => hatools.State() == "Master" && lab.NodesHolding(Vip).SequenceEqual(new[] { h })
            && keepalived.Output.Contains("(VI_1) Setting unicast VRRPv3 checksum to old version", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Thread.Sleep(IntervalMs * 5);

        Assert.True(agreed, hatools.Process.Output + keepalived.Output);
        Assert.DoesNotContain("Invalid VRRPv3 checksum", keepalived.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Entering MASTER STATE", keepalived.Output, StringComparison.Ordinal);
        Assert.True(lab.NodesHolding(Vip).SequenceEqual(new[] { h }));
    }

    [Fact]
    public void Old_unicast_checksum_never_refuses_the_old_variant_and_counts_it()
    {
        using var lab = FailoverLab.Create(2);
        LabNode h = lab.Nodes[0], k = lab.Nodes[1];
        LabProcess keepalived = StartKeepalived(lab, k, h, priority: 150, oldChecksum: true);
        var hatools = VrrpNodeProcess.Start(lab, h, Config(h, k, priority: 100, oldChecksum: "Never"));

        // Refused, not obeyed: the priority-100 HaTools node counts keepalived's (priority 150) old-form adverts and,
        // having accepted none, takes over at Master_Down_Interval. (Once HaTools advertises, keepalived 2.2.7 was seen
        // on the wire sending about one advert a second instead of ten, so the count grows slowly after that.)
        Assert.True(Wait.Until(() => hatools.Error("ChecksumVariantMismatch") >= 2 && hatools.State() == "Master", TimeSpan.FromSeconds(5)), hatools.Process.Output + keepalived.Output);
        Assert.Equal(0, hatools.Status().GetProperty("AdvertisementsReceived").GetInt64());
        Assert.DoesNotContain("Setting unicast VRRPv3 checksum to old version", hatools.Process.Output, StringComparison.Ordinal);
    }

    private static InstanceConfig Config(LabNode self, LabNode peer, int priority, string oldChecksum) => new()
    {
        Priority = priority,
        Version = 3,
        AdvertIntervalMs = IntervalMs,
        VirtualIPAddresses = { "10.99.0.250/24" },
        UnicastSource = self.IPv4.ToString(),
        UnicastPeers = { peer.IPv4.ToString() },
        GarpMasterDelayMs = 1000,
        GarpMasterRepeat = 1,
        OldUnicastChecksum = oldChecksum,
    };

    /// <summary>keepalived as KeepalivedProcess writes it, plus old_unicast_checksum when asked; checked with keepalived -t.</summary>
    private static LabProcess StartKeepalived(FailoverLab lab, LabNode node, LabNode peer, int priority, bool oldChecksum)
    {
        var instance = new KeepalivedInstance(priority, 3, IntervalMs / 1000.0, "10.99.0.250/24",
            UnicastSource: node.IPv4.ToString(), UnicastPeers: new[] { peer.IPv4.ToString() });
        string text = KeepalivedProcess.Config(node, instance);
        if (oldChecksum)
        {
            text = text.Replace("  virtual_ipaddress {", "  old_unicast_checksum\n  virtual_ipaddress {", StringComparison.Ordinal);
        }

        string stem = Path.Combine(lab.Directory, $"keepalived-old-{node.Name}-{Guid.NewGuid():N}");
        File.WriteAllText(stem + ".conf", text);
        var check = lab.Exec(node, "keepalived", "-t", "-f", stem + ".conf");
        Assert.True(check.Succeeded, check.StandardError + check.StandardOutput + text);
        return lab.Start(node, "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f", stem + ".conf", "-p", stem + ".pid", "-r", stem + ".vrrp.pid");
    }
}
