using System.Globalization;
using System.Net;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Vrrp;

namespace HaTools.Network.Tests;

/// <summary>The announcer sends garp_master_repeat rounds garp_interval apart, ARP for IPv4 VIPs and NA for IPv6 ones.</summary>
public class AnnouncerTests
{
    [Fact]
    public void Announcement_sends_count_rounds_per_address_spaced_by_the_interval()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        using var capture = Capture.Start(lab, lab.Client, "arp or icmp6");
        using (var announcer = new LinuxAnnouncer(node.Namespace))
        {
            announcer.Announce(new VrrpAnnouncement("VI_1", "eth0", new[] { VrrpVirtualAddress.Parse("10.99.0.250/24"), VrrpVirtualAddress.Parse("fd99::250/64") }, 3, TimeSpan.FromMilliseconds(100)));
            Assert.True(Wait.Until(() => announcer.Sent == 6, TimeSpan.FromSeconds(3)), $"sent {announcer.Sent}, failed {announcer.Failed}: {announcer.LastError}");
        }

        var packets = capture.Stop();
        var garps = packets.Where(p => Capture.Field(p, "arp", "arp.src.proto_ipv4") == "10.99.0.250").ToArray();
        var nas = packets.Where(p => Capture.Field(p, "icmpv6", "icmpv6.nd.na.target_address") == "fd99::250").ToArray();
        Assert.Equal(3, garps.Length);
        Assert.Equal(3, nas.Length);
        var times = garps.Select(p => double.Parse(Capture.Field(p, "frame", "frame.time_relative")!, CultureInfo.InvariantCulture)).ToArray();
        for (int i = 1; i < times.Length; i++)
        {
            Assert.True(times[i] - times[i - 1] >= 0.095, $"rounds {i - 1} and {i} are {times[i] - times[i - 1]:F3} s apart");
        }
    }
}
