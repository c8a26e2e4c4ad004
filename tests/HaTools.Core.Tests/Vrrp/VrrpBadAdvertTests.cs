using System.Net;
using System.Net.Sockets;
using System.Text;
using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// RFC 3768 §7.1 / RFC 5798 §7.1 receive checks: every malformed or foreign advert is dropped, counted under its
/// reason, and changes nothing — even one that claims a priority that would otherwise win.
/// </summary>
public sealed class VrrpBadAdvertTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly List<FakeNode> _nodes = [];

    public void Dispose()
    {
        foreach (FakeNode n in _nodes)
        {
            n.Dispose();
        }
    }

    public static TheoryData<string, VrrpDropReason> Forgeries => new()
    {
        { "wrong password", VrrpDropReason.AuthFailure },
        { "no auth", VrrpDropReason.AuthTypeMismatch },
        { "other vrid", VrrpDropReason.UnknownVirtualRouterId },
        { "ttl 254", VrrpDropReason.BadTtl },
        { "bad checksum", VrrpDropReason.BadChecksum },
        { "truncated", VrrpDropReason.Truncated },
        { "too long", VrrpDropReason.LengthMismatch },
        { "version 3", VrrpDropReason.BadVersion },
        { "version 7", VrrpDropReason.BadVersion },
        { "type 2", VrrpDropReason.BadType },
        { "two addresses", VrrpDropReason.AddressCountMismatch },
        { "other vip", VrrpDropReason.AddressListMismatch },
        { "interval 2", VrrpDropReason.AdvertIntervalMismatch },
        { "interval 0", VrrpDropReason.InvalidAdvertInterval },
        { "our own address", VrrpDropReason.OwnAdvertisement },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void Master_drops_and_counts_a_bad_advert_and_stays_master(string forgery, VrrpDropReason reason)
    {
        FakeNode a = MasterNode(V2(100));
        int transitions = a.Transitions.Count;

        Deliver(a, Forge(forgery), forgery == "ttl 254" ? 254 : 255, forgery == "our own address" ? "10.0.0.1" : "10.0.0.9");

        Assert.Equal(1, a.Status().Errors[reason]);
        // Other routers' VRIDs are counted apart: normal on a shared LAN, not an error.
        Assert.Equal(reason == VrrpDropReason.UnknownVirtualRouterId ? 0 : 1, a.Status().Errors.Total);
        Assert.Equal(0, a.Status().AdvertisementsReceived);
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(transitions, a.Transitions.Count);

        // The same advert, made valid, would have won: the drop is what kept us master.
        Deliver(a, Forge("valid"), 255, "10.0.0.9");
        Assert.Equal(VrrpState.Backup, a.State());
    }

    [Fact]
    public void Backup_is_not_held_down_by_invalid_higher_priority_adverts()
    {
        var a = Add(new FakeNode(null, _time, "10.0.0.1", V2(100))).Start();
        for (int i = 0; i < 8; i++)
        {
            Deliver(a, Forge("wrong password"), 255, "10.0.0.9");
            FakeClock.Run(_time, TimeSpan.FromSeconds(0.5), a);
        }

        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(8, a.Status().Errors.Auth);
    }

    [Fact]
    public void Unicast_instance_with_check_unicast_src_drops_non_peers_and_multicast_adverts()
    {
        VrrpInstanceSettings s = V2(100) with { UnicastSourceIP = Ip("10.0.0.1"), UnicastPeers = [Ip("10.0.0.2")], CheckUnicastSource = true };
        FakeNode a = MasterNode(s);

        Deliver(a, Forge("valid", dst: "10.0.0.1"), 255, "10.0.0.9", "10.0.0.1");
        Deliver(a, Forge("valid", src: "10.0.0.2"), 255, "10.0.0.2", "224.0.0.18");
        Assert.Equal(1, a.Status().Errors[VrrpDropReason.NonPeerSource]);
        Assert.Equal(1, a.Status().Errors[VrrpDropReason.UnexpectedDestination]);
        Assert.Equal(VrrpState.Master, a.State());

        // A peer may be hops away: keepalived does not check the TTL of unicast adverts.
        Deliver(a, Forge("valid", src: "10.0.0.2", dst: "10.0.0.1"), 60, "10.0.0.2", "10.0.0.1");
        Assert.Equal(VrrpState.Backup, a.State());
    }

    [Fact]
    public void Unicast_instance_hears_a_non_peer_by_default_as_keepalived_does()
    {
        // keepalived.conf(5): check_unicast_src is off unless configured; a valid advert from any source counts.
        VrrpInstanceSettings s = V2(100) with { UnicastSourceIP = Ip("10.0.0.1"), UnicastPeers = [Ip("10.0.0.2")] };
        Assert.False(s.CheckUnicastSource);
        FakeNode a = MasterNode(s);

        Deliver(a, Forge("valid", dst: "10.0.0.1"), 255, "10.0.0.9", "10.0.0.1");

        Assert.Equal(0, a.Status().Errors[VrrpDropReason.NonPeerSource]);
        Assert.Equal(VrrpState.Backup, a.State());
    }

    [Theory]
    [InlineData(false, VrrpChecksumKind.PseudoHeader, VrrpDropReason.None)]
    [InlineData(false, VrrpChecksumKind.MessageOnly, VrrpDropReason.ChecksumVariantMismatch)]
    [InlineData(true, VrrpChecksumKind.MessageOnly, VrrpDropReason.None)]
    [InlineData(true, VrrpChecksumKind.PseudoHeader, VrrpDropReason.ChecksumVariantMismatch)]
    public void V3_ipv4_receiver_tells_the_two_checksum_rules_apart(bool checksumAsV2, VrrpChecksumKind sent, VrrpDropReason expected)
    {
        // RFC 5798 §5.2.8 (pseudo-header, keepalived default) vs v3_checksum_as_v2 (RFC 9568 discussion).
        VrrpInstanceSettings s = V3(100, TimeSpan.FromSeconds(1)) with { V3ChecksumAsV2 = checksumAsV2 };
        FakeNode a = MasterNode(s);
        var p = new VrrpPacket(3, 51, 200, 100, [VrrpIpAddress.Parse("10.0.0.100")]);
        var buffer = new byte[64];
        VrrpPacketWriter.TryWrite(p, VrrpIpAddress.Parse("10.0.0.9"), VrrpPacket.MulticastGroupIPv4, sent, buffer, out int n);

        Deliver(a, buffer[..n], 255, "10.0.0.9");

        if (expected == VrrpDropReason.None)
        {
            Assert.Equal(0, a.Status().Errors.Total);
            Assert.Equal(VrrpState.Backup, a.State());
        }
        else
        {
            Assert.Equal(1, a.Status().Errors.ChecksumVariant);
            Assert.Equal(0, a.Status().Errors.Checksum);
            Assert.Equal(VrrpState.Master, a.State());
        }
    }

    [Fact]
    public void V3_checksum_as_v2_instance_sends_checksums_without_the_pseudo_header()
    {
        FakeNode a = MasterNode(V3(100, TimeSpan.FromSeconds(1)) with { V3ChecksumAsV2 = true });
        SentAdvert s = a.Transport.Sent[0];
        Assert.True(VrrpChecksum.Verify(s.Bytes, VrrpChecksumKind.MessageOnly, s.Source, s.Destination));
        Assert.False(VrrpChecksum.Verify(s.Bytes, VrrpChecksumKind.PseudoHeader, s.Source, s.Destination));
    }

    [Fact]
    public void Ipv6_multicast_advert_with_hop_limit_below_255_is_dropped()
    {
        VrrpInstanceSettings s = V3(100, TimeSpan.FromSeconds(1), vip: "fd00::100/64");
        var a = Add(new FakeNode(null, _time, "fe80::1", s)).Start();
        FakeClock.Run(_time, TimeSpan.FromSeconds(4), a);
        var src = VrrpIpAddress.Parse("fe80::9");
        var p = new VrrpPacket(3, 51, 200, 100, [VrrpIpAddress.Parse("fd00::100")]);
        var buffer = new byte[64];
        VrrpPacketWriter.TryWrite(p, src, VrrpPacket.MulticastGroupIPv6, VrrpChecksumKind.PseudoHeader, buffer, out int n);

        a.Transport.Channels[0].Sink.Deliver(buffer.AsSpan(0, n), new VrrpReceiveInfo(src, VrrpPacket.MulticastGroupIPv6, 64, 1));
        Assert.Equal(1, a.Status().Errors.Ttl);
        Assert.Equal(VrrpState.Master, a.State());

        a.Transport.Channels[0].Sink.Deliver(buffer.AsSpan(0, n), new VrrpReceiveInfo(src, VrrpPacket.MulticastGroupIPv6, 255, 1));
        Assert.Equal(VrrpState.Backup, a.State());
    }

    [Fact]
    public void Whole_ipv4_datagrams_from_a_raw_socket_are_checked_for_protocol_and_ttl()
    {
        FakeNode a = MasterNode(V2(100));
        var p = new VrrpPacket(2, 51, 200, 1, [VrrpIpAddress.Parse("10.0.0.100")], VrrpAuthType.Password, Encoding.ASCII.GetBytes("s3cret"));
        var buffer = new byte[64];
        VrrpPacketWriter.TryWriteIPv4(p, VrrpIpAddress.Parse("10.0.0.9"), VrrpPacket.MulticastGroupIPv4, 1, VrrpChecksumKind.MessageOnly, buffer, out int n);

        a.Transport.Channels[0].Sink.Deliver(buffer.AsSpan(0, n), new VrrpReceiveInfo(default, default, -1, 1, IncludesIPv4Header: true));
        Assert.Equal(1, a.Status().Errors.Ttl);
        Assert.Equal(VrrpState.Master, a.State());

        VrrpPacketWriter.TryWriteIPv4(p, VrrpIpAddress.Parse("10.0.0.9"), VrrpPacket.MulticastGroupIPv4, 255, VrrpChecksumKind.MessageOnly, buffer, out n);
        a.Transport.Channels[0].Sink.Deliver(buffer.AsSpan(0, n), new VrrpReceiveInfo(default, default, -1, 1, IncludesIPv4Header: true));
        Assert.Equal(VrrpState.Backup, a.State());
    }

    private FakeNode Add(FakeNode n)
    {
        _nodes.Add(n);
        return n;
    }

    private FakeNode MasterNode(VrrpInstanceSettings settings)
    {
        FakeNode a = Add(new FakeNode(null, _time, settings.Family == AddressFamily.InterNetwork ? "10.0.0.1" : "fe80::1", settings)).Start();
        FakeClock.Run(_time, TimeSpan.FromSeconds(4), a);
        Assert.Equal(VrrpState.Master, a.State());
        return a;
    }

    private static void Deliver(FakeNode node, byte[] message, int ttl, string source, string destination = "224.0.0.18") =>
        node.Transport.Channels[0].Sink.Deliver(message, new VrrpReceiveInfo(VrrpIpAddress.Parse(source), VrrpIpAddress.Parse(destination), ttl, 1));

    /// <summary>A priority-200 v2 advert for VRID 51 / 10.0.0.100 with PASS s3cret, then spoiled as named.</summary>
    private static byte[] Forge(string how, string src = "10.0.0.9", string dst = "224.0.0.18")
    {
        int version = how == "version 3" ? 3 : 2;
        byte vrid = how == "other vrid" ? (byte)52 : (byte)51;
        int interval = how switch { "interval 2" => 2, "version 3" => 100, _ => 1 };
        string[] addresses = how switch { "two addresses" => ["10.0.0.100", "10.0.0.101"], "other vip" => ["10.0.0.200"], _ => ["10.0.0.100"] };
        VrrpAuthType auth = how is "no auth" or "version 3" ? VrrpAuthType.None : VrrpAuthType.Password;
        string pass = how == "wrong password" ? "guess" : "s3cret";
        var packet = new VrrpPacket(version, vrid, 200, interval, addresses.Select(VrrpIpAddress.Parse).ToArray(), auth,
            auth == VrrpAuthType.Password ? Encoding.ASCII.GetBytes(pass) : default);
        var buffer = new byte[128];
        VrrpPacketWriter.TryWrite(packet, VrrpIpAddress.Parse(src), VrrpIpAddress.Parse(dst), VrrpChecksumKind.PseudoHeader, buffer, out int n);
        byte[] bytes = buffer[..n];
        switch (how)
        {
            case "bad checksum":
                bytes[7] ^= 0x01;
                break;
            case "truncated":
                bytes = bytes[..^3];
                break;
            case "too long":
                bytes = [.. bytes, 0, 0, 0, 0];
                break;
            case "version 7":
                bytes[0] = 0x71;
                Rechecksum(bytes);
                break;
            case "type 2":
                bytes[0] = 0x22;
                Rechecksum(bytes);
                break;
            case "interval 0":
                bytes[5] = 0;
                Rechecksum(bytes);
                break;
        }

        return bytes;
    }

    private static void Rechecksum(byte[] message)
    {
        message[6] = message[7] = 0;
        ushort c = VrrpChecksum.Compute(message, VrrpChecksumKind.MessageOnly, default, default);
        message[6] = (byte)(c >> 8);
        message[7] = (byte)c;
    }
}

/// <summary>Start-up failures surface as the edge's HaToolsException and leave nothing open.</summary>
public class VrrpStartFailureTests
{
    private sealed class DeniedTransport(FakeTransport inner, int failOn) : IVrrpTransport
    {
        private int _opened;

        public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink) =>
            ++_opened == failOn
                ? throw new HaToolsException("VrrpSocketDenied", HaToolsErrorKind.PermissionDenied, "CAP_NET_RAW is missing", options.Interface)
                : inner.Open(options, sink);
    }

    [Fact]
    public async Task A_transport_that_cannot_open_fails_run_async_and_closes_what_it_opened()
    {
        var inner = new FakeTransport(null, VrrpIpAddress.Parse("10.0.0.1"));
        var tracker = new FakeTracker();
        using var loop = new VrrpEventLoop(new VrrpEventLoopOptions
        {
            Instances = [VrrpTestSettings.V2(100), VrrpTestSettings.V2(100, "VI_2", 52, "10.0.1.100/24", "eth1")],
            Transport = new DeniedTransport(inner, failOn: 2),
            VipManager = new FakeVipManager(),
            Announcer = new FakeAnnouncer(),
            NotifyRunner = new FakeNotifyRunner(),
            Trackers = [tracker],
        });

        HaToolsException ex = await Assert.ThrowsAsync<HaToolsException>(() => loop.RunAsync());
        Assert.Equal(("VrrpSocketDenied", HaToolsErrorKind.PermissionDenied, (object?)"eth1"), (ex.ErrorId, ex.Kind, ex.Target));
        Assert.True(Assert.Single(inner.Channels).Disposed);
        Assert.Null(tracker.Sink);
        Assert.False(loop.IsRunning);
    }
}
