using System.Net;
using System.Net.Sockets;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Vrrp;

namespace HaTools.Network.Tests;

/// <summary>The raw-socket transport on the wire: what it sends is valid VRRP to tshark, and what arrives reaches the sink with TTL/hop limit.</summary>
public class TransportTests
{
    private static readonly VrrpIpAddress Vip4 = VrrpIpAddress.Parse("10.99.0.250");
    private static readonly VrrpIpAddress Vip6 = VrrpIpAddress.Parse("fd99::250");

    public static TheoryData<int, string> Kinds => new() { { 2, "ipv4" }, { 3, "ipv4" }, { 3, "ipv6" } };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Adverts_sent_by_the_transport_are_valid_vrrp_with_good_checksum_ttl_255_to_the_group(int version, string family)
    {
        using var lab = FailoverLab.Create(1);
        var node = lab.Nodes[0];
        bool v6 = family == "ipv6";
        using var capture = Capture.Start(lab, lab.Client, v6 ? "ip6 proto 112" : "ip proto 112");

        var sink = new RecordingSink();
        using (var channel = new LinuxVrrpTransport(node.Namespace).Open(
                   new VrrpChannelOptions { Interface = node.Interface, Family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork }, sink))
        {
            var packet = version == 2
                ? new VrrpPacket(2, 51, 150, 1, new[] { Vip4 }, VrrpAuthType.Password, "secret"u8)
                : new VrrpPacket(3, 51, 150, 5, new[] { v6 ? Vip6 : Vip4 });
            var group = v6 ? VrrpPacket.MulticastGroupIPv6 : VrrpPacket.MulticastGroupIPv4;
            var buffer = new byte[256];
            Assert.True(VrrpPacketWriter.TryWrite(packet, channel.PrimaryAddress, group, VrrpChecksumKind.PseudoHeader, buffer, out int n));
            Assert.True(channel.Send(buffer.AsSpan(0, n), channel.PrimaryAddress, group));
            Assert.Equal(v6 ? node.LinkLocal : node.IPv4, channel.PrimaryAddress.ToIPAddress());
        }

        var packets = capture.Stop();
        var advert = Assert.Single(packets, p => p.TryGetProperty("vrrp", out _));
        Assert.Equal(version.ToString(), Capture.Field(advert, "vrrp", "vrrp.version"));
        Assert.Equal("51", Capture.Field(advert, "vrrp", "vrrp.virt_rtr_id"));
        Assert.Equal("150", Capture.Field(advert, "vrrp", "vrrp.prio"));
        Assert.Equal("1", Capture.Field(advert, "vrrp", "vrrp.checksum.status"));
        if (v6)
        {
            Assert.Equal("255", Capture.Field(advert, "ipv6", "ipv6.hlim"));
            Assert.Equal("ff02::12", Capture.Field(advert, "ipv6", "ipv6.dst"));
            Assert.Equal(node.LinkLocal!.ToString(), Capture.Field(advert, "ipv6", "ipv6.src"));
            Assert.Equal("fd99::250", Capture.Field(advert, "vrrp", "vrrp.ipv6_addr"));
        }
        else
        {
            Assert.Equal("255", Capture.Field(advert, "ip", "ip.ttl"));
            Assert.Equal("224.0.0.18", Capture.Field(advert, "ip", "ip.dst"));
            Assert.Equal(node.IPv4.ToString(), Capture.Field(advert, "ip", "ip.src"));
            Assert.Equal("10.99.0.250", Capture.Field(advert, "vrrp", "vrrp.ip_addr"));
            Assert.Equal("1", Capture.Field(advert, "ip", "ip.checksum.status"));
        }

        if (version == 2)
        {
            Assert.Equal("1", Capture.Field(advert, "vrrp", "vrrp.auth_type"));
            Assert.Equal("secret", Capture.Field(advert, "vrrp", "vrrp.auth_string"));
        }
    }

    [Theory]
    [InlineData("ipv4")]
    [InlineData("ipv6")]
    public void Multicast_advert_reaches_the_peer_channel_with_ttl_255_and_addresses(string family)
    {
        using var lab = FailoverLab.Create(2);
        bool v6 = family == "ipv6";
        var options = new VrrpChannelOptions { Interface = "eth0", Family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork };
        var senderSink = new RecordingSink();
        var receiverSink = new RecordingSink();
        using var sender = new LinuxVrrpTransport(lab.Nodes[0].Namespace).Open(options, senderSink);
        using var receiver = new LinuxVrrpTransport(lab.Nodes[1].Namespace).Open(options, receiverSink);

        var group = v6 ? VrrpPacket.MulticastGroupIPv6 : VrrpPacket.MulticastGroupIPv4;
        var packet = new VrrpPacket(3, 7, 100, 100, new[] { v6 ? Vip6 : Vip4 });
        var buffer = new byte[256];
        Assert.True(VrrpPacketWriter.TryWrite(packet, sender.PrimaryAddress, group, VrrpChecksumKind.PseudoHeader, buffer, out int n));
        Assert.True(sender.Send(buffer.AsSpan(0, n), sender.PrimaryAddress, group));

        var (datagram, info) = receiverSink.WaitFirst(TimeSpan.FromSeconds(3));
        Assert.Equal(sender.PrimaryAddress, info.Source);
        Assert.Equal(group, info.Destination);
        Assert.Equal(255, info.TtlOrHopLimit);
        Assert.Equal(!v6, info.IncludesIPv4Header);
        var message = v6 ? datagram : datagram.AsSpan(20).ToArray();
        Assert.Equal(buffer.AsSpan(0, n).ToArray(), message);
        Assert.Empty(senderSink.Received); // multicast loop is off: we never hear ourselves
    }

    [Fact]
    public void Unicast_advert_reaches_only_the_named_peer()
    {
        using var lab = FailoverLab.Create(3);
        var options = new VrrpChannelOptions { Interface = "eth0", Family = AddressFamily.InterNetwork, JoinMulticastGroup = false };
        var sinks = lab.Nodes.Select(_ => new RecordingSink()).ToArray();
        var channels = lab.Nodes.Select((n, i) => new LinuxVrrpTransport(n.Namespace).Open(options, sinks[i])).ToArray();
        try
        {
            var packet = new VrrpPacket(2, 9, 100, 1, new[] { Vip4 });
            var buffer = new byte[256];
            VrrpIpAddress peer = lab.Nodes[1].IPv4;
            Assert.True(VrrpPacketWriter.TryWrite(packet, channels[0].PrimaryAddress, peer, VrrpChecksumKind.MessageOnly, buffer, out int n));
            Assert.True(channels[0].Send(buffer.AsSpan(0, n), channels[0].PrimaryAddress, peer));

            var (_, info) = sinks[1].WaitFirst(TimeSpan.FromSeconds(3));
            Assert.Equal(peer, info.Destination);
            Assert.Equal(255, info.TtlOrHopLimit);
            Thread.Sleep(200);
            Assert.Empty(sinks[2].Received);
        }
        finally
        {
            foreach (var c in channels)
            {
                c.Dispose();
            }
        }
    }
}
