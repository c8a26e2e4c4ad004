using System.Collections.Concurrent;
using System.Net;
using HaTools.Core;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Rtnetlink;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Vrrp;

namespace HaTools.Network.Tests;

/// <summary>rtnetlink adapters in a fresh namespace, read back with iproute2 (ip -j addr / ip link).</summary>
public class RtnetlinkTests
{
    [Fact]
    public void Vip_added_through_rtnetlink_reads_back_with_label_scope_and_broadcast_and_is_removed_again()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        using var client = RtnetlinkClient.Open(node.Namespace);
        int index = client.GetLink("eth0").Index;
        var vip = new InterfaceAddress(index, IPAddress.Parse("10.99.0.250"), 24, Label: "eth0:vip", Scope: "global", Broadcast: IPAddress.Parse("10.99.0.255"));

        Assert.True(client.AddAddress(vip));
        Assert.False(client.AddAddress(vip)); // already there is not an error

        var seen = Assert.Single(lab.Addresses(node), a => a.Address.Equals(vip.Address));
        Assert.Equal(24, seen.PrefixLength);
        Assert.Equal("eth0:vip", seen.Label);
        Assert.Equal("global", seen.Scope);
        Assert.Equal(IPAddress.Parse("10.99.0.255"), seen.Broadcast);
        Assert.Contains(client.ListAddresses(System.Net.Sockets.AddressFamily.InterNetwork, index), a => a.Address.Equals(vip.Address) && a.Label == "eth0:vip");

        Assert.True(client.DeleteAddress(vip));
        Assert.False(client.DeleteAddress(vip)); // already gone is not an error
        Assert.DoesNotContain(lab.Addresses(node), a => a.Address.Equals(vip.Address));
    }

    [Fact]
    public void Point_to_point_peer_and_host_scope_are_kept()
    {
        using var lab = FailoverLab.Create(1);
        using var client = RtnetlinkClient.Open(lab.Nodes[0].Namespace);
        int index = client.GetLink("eth0").Index;
        var vip = new InterfaceAddress(index, IPAddress.Parse("10.98.0.1"), 32, Scope: "host", Peer: IPAddress.Parse("10.98.0.2"));
        Assert.True(client.AddAddress(vip));
        var seen = Assert.Single(lab.Addresses(lab.Nodes[0]), a => a.Address.Equals(vip.Address));
        Assert.Equal("host", seen.Scope);
        Assert.Equal(IPAddress.Parse("10.98.0.2"), seen.Peer);
    }

    [Fact]
    public void IPv6_vip_is_added_without_duplicate_address_detection()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        using var vips = new RtnetlinkVipManager(node.Namespace);
        var vip = VrrpVirtualAddress.Parse("fd99::250/64");
        vips.Add(vip, "eth0");
        var json = lab.ExecChecked(node.Namespace, "ip", "-j", "-6", "addr", "show", "dev", "eth0").StandardOutput;
        Assert.Contains(lab.Addresses(node), a => a.Address.Equals(vip.Address) && a.PrefixLength == 64);
        Assert.DoesNotContain("tentative", json);
        Assert.Contains("\"nodad\":true", json.Replace(" ", string.Empty));
        vips.Remove(vip, "eth0");
        vips.Remove(vip, "eth0");
        Assert.DoesNotContain(lab.Addresses(node), a => a.Address.Equals(vip.Address));
    }

    [Fact]
    public void Vip_on_a_missing_interface_is_interface_not_found()
    {
        using var lab = FailoverLab.Create(1);
        using var vips = new RtnetlinkVipManager(lab.Nodes[0].Namespace);
        var ex = Assert.Throws<HaToolsException>(() => vips.Add(VrrpVirtualAddress.Parse("10.99.0.250/24"), "nosuch0"));
        Assert.Equal("InterfaceNotFound", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ObjectNotFound, ex.Kind);
        Assert.Equal("nosuch0", ex.Target);
    }

    [Fact]
    public void Link_down_and_up_arrive_as_notifications_without_polling()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        var seen = new ConcurrentQueue<LinkState>();
        using var monitor = new LinkMonitor(node.Namespace);
        monitor.LinkChanged += l => seen.Enqueue(l);
        monitor.Start();
        Assert.Contains(seen, l => l.Name == "eth0" && l.IsUsable); // initial dump
        long before = monitor.Notifications;

        lab.SetLink(node, up: false);
        Assert.True(Wait.Until(() => seen.Any(l => l.Name == "eth0" && !l.AdminUp), TimeSpan.FromSeconds(2)));
        lab.SetLink(node, up: true);
        Assert.True(Wait.Until(() => seen.Reverse().First(l => l.Name == "eth0").IsUsable, TimeSpan.FromSeconds(2)));
        Assert.True(monitor.Notifications > before);
    }

    [Fact]
    public void Link_tracker_reports_the_interface_down_when_the_peer_end_loses_carrier()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        var sink = new TrackerSink();
        using var tracker = new LinkTracker(new[] { "eth0", "nosuch0" }, node.Namespace);
        tracker.Start(sink);
        Assert.Contains(new VrrpTrackerReport(VrrpTrackKind.Interface, "eth0", true), sink.Reports);
        Assert.Contains(new VrrpTrackerReport(VrrpTrackKind.Interface, "nosuch0", false), sink.Reports);

        // Down the switch side of the veth: eth0 stays admin-up but loses carrier.
        lab.ExecChecked(lab.SwitchNamespace, "ip", "link", "set", node.Name, "down");
        Assert.True(Wait.Until(() => sink.Reports.Last(r => r.Name == "eth0").Up == false, TimeSpan.FromSeconds(2)));
        lab.ExecChecked(lab.SwitchNamespace, "ip", "link", "set", node.Name, "up");
        Assert.True(Wait.Until(() => sink.Reports.Last(r => r.Name == "eth0").Up, TimeSpan.FromSeconds(2)));
    }

    private sealed class TrackerSink : IVrrpTrackerSink
    {
        private readonly List<VrrpTrackerReport> _reports = new();

        public IReadOnlyList<VrrpTrackerReport> Reports
        {
            get
            {
                lock (_reports)
                {
                    return _reports.ToArray();
                }
            }
        }

        public void Report(VrrpTrackerReport report)
        {
            lock (_reports)
            {
                _reports.Add(report);
            }
        }
    }
}
