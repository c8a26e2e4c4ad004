using System.Net;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Icmpv6;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Packet;
using HaTools.Core.Linux.Sockets;

namespace HaTools.Network.Tests;

/// <summary>Gratuitous ARP and unsolicited NA, checked on the wire by tshark and by the client's neighbour cache.</summary>
public class NeighborAnnouncementTests
{
    [Fact]
    public void Gratuitous_arp_is_a_broadcast_request_with_the_vip_as_sender_and_target_rfc5227()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        var vip = IPAddress.Parse("10.99.0.250");
        using var capture = Capture.Start(lab, lab.Client, "arp");

        using (var arp = NetworkNamespace.Run(node.Namespace, () => ArpSocket.Open(InterfaceQuery.Get(node.Interface))))
        {
            arp.SendGratuitous(vip);
        }

        var packets = capture.Stop();
        var garp = Assert.Single(packets, p => Capture.Field(p, "arp", "arp.src.proto_ipv4") == "10.99.0.250");
        Assert.Equal("ff:ff:ff:ff:ff:ff", Capture.Field(garp, "eth", "eth.dst"));
        Assert.Equal(node.HardwareAddress, Capture.Field(garp, "eth", "eth.src"));
        Assert.Equal("1", Capture.Field(garp, "arp", "arp.opcode"));
        Assert.Equal(node.HardwareAddress, Capture.Field(garp, "arp", "arp.src.hw_mac"));
        Assert.Equal("10.99.0.250", Capture.Field(garp, "arp", "arp.dst.proto_ipv4"));
        Assert.Equal("1", Capture.Field(garp, "arp", "arp.isgratuitous"));
    }

    [Fact]
    public void Gratuitous_arp_moves_the_clients_cached_entry_to_the_new_holder()
    {
        using var lab = FailoverLab.Create(2);
        var vip = IPAddress.Parse("10.99.0.250");
        lab.ExecChecked(lab.Nodes[0].Namespace, "ip", "addr", "add", "10.99.0.250/32", "dev", "eth0");
        Assert.True(lab.ClientPing(vip));
        Assert.Equal(lab.Nodes[0].HardwareAddress, lab.ClientNeighbor(vip));

        lab.ExecChecked(lab.Nodes[0].Namespace, "ip", "addr", "del", "10.99.0.250/32", "dev", "eth0");
        lab.ExecChecked(lab.Nodes[1].Namespace, "ip", "addr", "add", "10.99.0.250/32", "dev", "eth0");
        var n2 = lab.Nodes[1];
        using (var arp = NetworkNamespace.Run(n2.Namespace, () => ArpSocket.Open(InterfaceQuery.Get(n2.Interface))))
        {
            arp.SendGratuitous(vip);
        }

        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (lab.ClientNeighbor(vip) != n2.HardwareAddress && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.Equal(n2.HardwareAddress, lab.ClientNeighbor(vip));
        Assert.True(lab.ClientPing(vip));
    }

    [Fact]
    public void Unsolicited_neighbor_advertisement_goes_to_all_nodes_with_override_and_target_lladdr_rfc4861()
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        var vip = IPAddress.Parse("fd99::250");
        using var capture = Capture.Start(lab, lab.Client, "icmp6");

        using (var na = NetworkNamespace.Run(node.Namespace, () => NeighborAdvertisementSocket.Open(InterfaceQuery.Get(node.Interface))))
        {
            na.SendUnsolicited(vip);
        }

        var packets = capture.Stop();
        var adv = Assert.Single(packets, p => Capture.Field(p, "icmpv6", "icmpv6.type") == "136" && Capture.Field(p, "icmpv6", "icmpv6.nd.na.target_address") == "fd99::250");
        Assert.Equal("ff02::1", Capture.Field(adv, "ipv6", "ipv6.dst"));
        Assert.Equal("255", Capture.Field(adv, "ipv6", "ipv6.hlim"));
        Assert.Equal("1", Capture.Field(adv, "icmpv6", "icmpv6.nd.na.flag.o"));
        Assert.Equal("0", Capture.Field(adv, "icmpv6", "icmpv6.nd.na.flag.s"));
        Assert.Equal(node.HardwareAddress, Capture.Field(adv, "icmpv6", "icmpv6.opt.linkaddr"));
        Assert.Equal("1", Capture.Field(adv, "icmpv6", "icmpv6.checksum.status"));
    }
}
