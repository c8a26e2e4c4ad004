using System.Net.Sockets;
using System.Text;
using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>The codec and the machine against keepalived 2.2.7 on the wire (tests/assets/vrrp, tshark-checked).</summary>
public class VrrpGoldenCaptureTests
{
    // Adverts per capture as tshark dissects them (`-Y "vrrp && !icmpv6"`), quoted ones excluded.
    private static readonly Dictionary<string, int> AdvertCount = new()
    {
        ["v2-ipv4-multicast-pass.pcap"] = 17,
        ["v2-ipv4-unicast-pass.pcap"] = 17,
        ["v3-ipv4-multicast.pcap"] = 24,
        ["v3-ipv4-unicast.pcap"] = 24,
        ["v3-ipv6-multicast.pcap"] = 24,
        ["v3-ipv6-unicast.pcap"] = 24,
    };

    [Theory]
    [MemberData(nameof(GoldenCapture.Names), MemberType = typeof(GoldenCapture))]
    public void Every_keepalived_advert_parses_with_the_configured_fields(string file)
    {
        GoldenCapture c = GoldenCapture.Get(file);
        var adverts = c.Read().Where(r => r.Ok).Select(r => r.Packet).ToList();

        Assert.Equal(AdvertCount[file], adverts.Count);
        foreach (VrrpPacket p in adverts)
        {
            Assert.Equal(c.Version, p.Version);
            Assert.Equal(1, p.Type);
            Assert.Equal(51, p.VirtualRouterId);
            Assert.Contains((int)p.Priority, new[] { 150, 100, 0 });
            Assert.Equal(c.Family, p.Family);
            Assert.Equal(c.Vips, p.GetAddresses());
            Assert.Equal(c.Version == 2 ? 1 : 50, p.AdvertInterval);
            Assert.Equal(c.Interval, p.AdvertisementInterval);
            Assert.Contains(p.Source.ToString(), new[] { c.Node1, c.Node2 });
            // RFC 5798 §5.2.8: v3 checksums include the pseudo-header (keepalived's default), v2 ones do not.
            Assert.Equal(c.Version == 3 ? VrrpChecksumKind.PseudoHeader : VrrpChecksumKind.MessageOnly, p.ChecksumKind);
            if (c.Version == 2)
            {
                Assert.Equal(VrrpAuthType.Password, p.AuthType);
                Assert.Equal(Encoding.ASCII.GetBytes("s3cret\0\0"), p.AuthData.ToArray());
            }

            if (c.Unicast)
            {
                Assert.Contains(p.Destination.ToString(), new[] { c.Node1, c.Node2 });
            }
            else
            {
                Assert.Equal(c.Family == AddressFamily.InterNetwork ? VrrpPacket.MulticastGroupIPv4 : VrrpPacket.MulticastGroupIPv6, p.Destination);
            }
        }

        // The capture's story: node 1 masters at 150, leaves with 0, node 2 masters at 100, leaves with 0.
        Assert.Equal(new byte[] { 150, 0, 100, 0 }, Runs(adverts.Select(a => a.Priority)));
    }

    [Theory]
    [MemberData(nameof(GoldenCapture.Names), MemberType = typeof(GoldenCapture))]
    public void Reencoding_a_keepalived_advert_gives_identical_bytes(string file)
    {
        GoldenCapture c = GoldenCapture.Get(file);
        var buffer = new byte[1500];
        int checkedCount = 0;
        foreach (var r in c.Read().Where(r => r.Ok))
        {
            VrrpPacket p = r.Packet;
            var copy = new VrrpPacket(p.Version, p.VirtualRouterId, p.Priority, p.AdvertInterval, p.Addresses, p.AuthType, p.AuthData);
            ReadOnlySpan<byte> ip = r.Ip.Span;
            int headerLength = c.Family == AddressFamily.InterNetwork ? (ip[0] & 0x0F) * 4 : 40;
            ReadOnlySpan<byte> original = ip.Slice(headerLength, p.Length);

            Assert.True(VrrpPacketWriter.TryWrite(copy, p.Source, p.Destination, VrrpChecksumKind.PseudoHeader, buffer, out int written));
            Assert.Equal(original.ToArray(), buffer.AsSpan(0, written).ToArray());
            Assert.Equal(p.Checksum, copy.Checksum);

            if (c.Family == AddressFamily.InterNetwork)
            {
                // keepalived writes the IP header itself (IP_HDRINCL); the kernel fills in the id and header checksum.
                Assert.True(VrrpPacketWriter.TryWriteIPv4(copy, p.Source, p.Destination, 255, VrrpChecksumKind.PseudoHeader, buffer, out int total));
                Assert.Equal(ip.Length >= total ? total : -1, total);
                byte[] expected = ip[..total].ToArray();
                byte[] actual = buffer[..total];
                foreach (int i in new[] { 4, 5, 10, 11 })
                {
                    expected[i] = actual[i] = 0;
                }

                Assert.Equal(expected, actual);
                Assert.Equal(0, VrrpChecksum.Finish(VrrpChecksum.Add(0, buffer.AsSpan(0, 20))));
            }

            checkedCount++;
        }

        Assert.Equal(AdvertCount[file], checkedCount);
    }

    [Theory]
    [MemberData(nameof(GoldenCapture.Names), MemberType = typeof(GoldenCapture))]
    public void Any_corrupted_byte_of_a_keepalived_advert_is_rejected(string file)
    {
        GoldenCapture c = GoldenCapture.Get(file);
        foreach (var r in c.Read().Where(r => r.Ok).Take(3))
        {
            ReadOnlySpan<byte> ip = r.Ip.Span;
            int headerLength = c.Family == AddressFamily.InterNetwork ? 20 : 40;
            byte[] vrrp = ip.Slice(headerLength, r.Packet.Length).ToArray();
            for (int i = 0; i < vrrp.Length; i++)
            {
                byte[] bad = (byte[])vrrp.Clone();
                bad[i] ^= 0x10;
                bool ok = VrrpPacketReader.TryRead(bad, c.Family, r.Packet.Source, r.Packet.Destination, out _, out VrrpDropReason reason);
                Assert.False(ok, $"byte {i} flipped was accepted");
                Assert.NotEqual(VrrpDropReason.None, reason);
            }
        }
    }

    [Fact]
    public void Icmpv6_errors_quoting_an_advert_are_not_adverts()
    {
        GoldenCapture c = GoldenCapture.Get("v3-ipv6-unicast.pcap");
        var icmp = c.Read().Where(r => r.Ip.Span[6] == 58).ToList();
        var quoting = icmp.Where(r => r.Ip.Length > 48 + 40 && r.Ip.Span[40] < 128 && r.Ip.Span[48 + 6] == 112).ToList();

        Assert.Equal(11, quoting.Count); // tshark: 35 "vrrp" frames, 24 of them real adverts, 11 quoted in ICMPv6 errors
        Assert.All(icmp, r => Assert.False(r.Ok));
        Assert.All(icmp, r => Assert.Equal(VrrpDropReason.BadProtocol, r.Reason));
    }

    [Theory]
    [MemberData(nameof(GoldenCapture.Names), MemberType = typeof(GoldenCapture))]
    public void Keepalived_masters_advertise_every_interval_and_take_over_after_skew_time(string file)
    {
        GoldenCapture c = GoldenCapture.Get(file);
        var adverts = c.Read().Where(r => r.Ok).Select(r => (r.Frame.Time, r.Packet.Priority, Source: r.Packet.Source.ToString())).ToList();

        foreach (string master in new[] { c.Node1, c.Node2 })
        {
            var times = adverts.Where(a => a.Source == master && a.Priority != 0).Select(a => a.Time).ToList();
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).Order().ToList();
            TimeSpan median = gaps[gaps.Count / 2];
            Assert.InRange(median.TotalMilliseconds, c.Interval.TotalMilliseconds - 2, c.Interval.TotalMilliseconds + 2);
            // keepalived's own jitter in these captures reaches 27 ms.
            Assert.All(gaps, g => Assert.InRange(g.TotalMilliseconds, c.Interval.TotalMilliseconds - 30, c.Interval.TotalMilliseconds + 30));
        }

        // RFC 5798 §6.4.2: after a priority-0 advert the backup waits Skew_Time, (256 - 100) / 256 of an interval.
        DateTimeOffset released = adverts.First(a => a.Source == c.Node1 && a.Priority == 0).Time;
        DateTimeOffset takeover = adverts.First(a => a.Source == c.Node2 && a.Priority == 100).Time;
        double skew = (256 - 100) / 256.0 * (c.Version == 2 ? 1000 : c.Interval.TotalMilliseconds);
        Assert.InRange((takeover - released).TotalMilliseconds, skew, skew + 10);
    }

    [Theory]
    [MemberData(nameof(GoldenCapture.Names), MemberType = typeof(GoldenCapture))]
    public void Replaying_node1_to_our_node2_takes_over_like_keepalived_with_identical_adverts(string file)
    {
        GoldenCapture c = GoldenCapture.Get(file);
        var frames = c.Read().Where(r => r.Ok).ToList();
        var fromNode1 = frames.Where(r => r.Packet.Source.ToString() == c.Node1).ToList();
        var keepalivedNode2 = frames.Where(r => r.Packet.Source.ToString() == c.Node2).ToList();
        DateTimeOffset t0 = fromNode1[0].Frame.Time;

        var time = new FakeTimeProvider(t0);
        using var node2 = new FakeNode(null, time, [VrrpIpAddress.Parse(c.Node2)], [c.Settings(2)]).Start();
        FakeChannel channel = node2.Transport.Channels.Single();
        foreach (var r in fromNode1)
        {
            FakeClock.Run(time, r.Frame.Time - time.GetUtcNow(), node2);
            ReadOnlySpan<byte> ip = r.Ip.Span;
            if (c.Family == AddressFamily.InterNetwork)
            {
                channel.Sink.Deliver(ip, new VrrpReceiveInfo(default, default, -1, 1, IncludesIPv4Header: true));
            }
            else
            {
                channel.Sink.Deliver(ip.Slice(40, r.Packet.Length), new VrrpReceiveInfo(r.Packet.Source, r.Packet.Destination, ip[7], 1));
            }

            Assert.Equal(VrrpState.Backup, node2.State());
        }

        DateTimeOffset stopAt = keepalivedNode2[^1].Frame.Time;
        FakeClock.Run(time, stopAt - time.GetUtcNow(), node2);
        node2.Loop.Dispose();

        var ours = channel.Sent;
        Assert.Equal(0, node2.Status().Errors.Total);
        Assert.Equal(fromNode1.Count, node2.Status().AdvertisementsReceived);
        TimeSpan ourTakeover = ours[0].At;
        TimeSpan theirTakeover = keepalivedNode2[0].Frame.Time - t0;
        Assert.InRange((ourTakeover - theirTakeover).TotalMilliseconds, -10, 10);
        Assert.Equal(keepalivedNode2.Count, ours.Count);
        for (int i = 0; i < ours.Count; i++)
        {
            ReadOnlySpan<byte> ip = keepalivedNode2[i].Ip.Span;
            int headerLength = c.Family == AddressFamily.InterNetwork ? 20 : 40;
            Assert.Equal(ip.Slice(headerLength, keepalivedNode2[i].Packet.Length).ToArray(), ours[i].Bytes);
        }
    }

    [Theory]
    [MemberData(nameof(GoldenCapture.Names), MemberType = typeof(GoldenCapture))]
    public void Our_node1_sends_the_same_bytes_as_keepalived_node1_every_interval(string file)
    {
        GoldenCapture c = GoldenCapture.Get(file);
        var keepalivedNode1 = c.Read().Where(r => r.Ok && r.Packet.Source.ToString() == c.Node1).ToList();
        var time = new FakeTimeProvider(keepalivedNode1[0].Frame.Time);
        using var node1 = new FakeNode(null, time, [VrrpIpAddress.Parse(c.Node1)], [c.Settings(1)]).Start();
        FakeClock.Run(time, node1.Machine().MasterDownInterval + (c.Interval * (keepalivedNode1.Count - 2)), node1);
        node1.Loop.Dispose();

        var ours = node1.Transport.Sent;
        Assert.Equal(keepalivedNode1.Count, ours.Count);
        int headerLength = c.Family == AddressFamily.InterNetwork ? 20 : 40;
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(keepalivedNode1[i].Ip.Slice(headerLength, keepalivedNode1[i].Packet.Length).ToArray(), ours[i].Bytes);
        }

        Assert.All(ours.Zip(ours.Skip(1)).SkipLast(1), p => Assert.Equal(c.Interval, p.Second.At - p.First.At));
    }

    private static byte[] Runs(IEnumerable<byte> values)
    {
        var runs = new List<byte>();
        foreach (byte v in values)
        {
            if (runs.Count == 0 || runs[^1] != v)
            {
                runs.Add(v);
            }
        }

        return runs.ToArray();
    }
}
