using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// keepalived's old_unicast_checksum (VRRPv3 unicast over IPv4): keepalived 1.3.6 and older put 224.0.0.18 in the
/// checksum pseudo-header (RFC 5798 §5.2.8) even for unicast adverts. keepalived 2.x sends the RFC form, recognises
/// the old one on receive and switches to it ("Setting unicast VRRPv3 checksum to old version"); `never` refuses.
/// Expected checksums are computed here by a separate, plain implementation of RFC 1071.
/// </summary>
public sealed class VrrpOldUnicastChecksumTests : IDisposable
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

    [Fact]
    public void Old_unicast_checksum_advert_has_golden_bytes_with_the_multicast_group_in_the_pseudo_header()
    {
        var packet = new VrrpPacket(3, 51, 100, 100, [VrrpIpAddress.Parse("10.0.0.100")]);
        var buffer = new byte[64];

        Assert.True(VrrpPacketWriter.TryWrite(packet, VrrpIpAddress.Parse("10.0.0.1"), VrrpIpAddress.Parse("10.0.0.2"),
            VrrpChecksumKind.OldUnicastPseudoHeader, buffer, out int n));

        byte[] message =
        [
            0x31,       // version 3, type 1 (ADVERTISEMENT)
            0x33,       // VRID 51
            0x64,       // priority 100
            0x01,       // one address
            0x00, 0x64, // rsvd 0, Max Adver Int 100 cs
            0x00, 0x00, // checksum, filled below
            10, 0, 0, 100,
        ];
        ushort old = Rfc1071([10, 0, 0, 1, 224, 0, 0, 18, 0, 112, 0, 12], message);
        ushort rfc = Rfc1071([10, 0, 0, 1, 10, 0, 0, 2, 0, 112, 0, 12], message);
        message[6] = (byte)(old >> 8);
        message[7] = (byte)old;
        Assert.Equal(message, buffer[..n]);
        Assert.NotEqual(old, rfc);
    }

    [Fact]
    public void Reader_recognises_the_old_unicast_variant_and_tells_it_from_the_rfc_one()
    {
        var packet = new VrrpPacket(3, 51, 100, 100, [VrrpIpAddress.Parse("10.0.0.100")]);
        VrrpIpAddress src = VrrpIpAddress.Parse("10.0.0.1"), dst = VrrpIpAddress.Parse("10.0.0.2");
        foreach (VrrpChecksumKind kind in new[] { VrrpChecksumKind.OldUnicastPseudoHeader, VrrpChecksumKind.PseudoHeader, VrrpChecksumKind.MessageOnly })
        {
            var buffer = new byte[64];
            VrrpPacketWriter.TryWrite(packet, src, dst, kind, buffer, out int n);
            var read = new VrrpPacket();
            Assert.True(VrrpPacketReader.TryRead(buffer.AsSpan(0, n), System.Net.Sockets.AddressFamily.InterNetwork, src, dst, read, out VrrpDropReason reason), reason.ToString());
            Assert.Equal(kind, read.ChecksumKind);
        }
    }

    [Fact]
    public void Instance_configured_with_old_unicast_checksum_sends_the_old_variant_to_each_peer()
    {
        FakeNode a = MasterNode(Unicast() with { OldUnicastChecksum = VrrpOldUnicastChecksum.Always });

        Assert.True(a.Machine().UsesOldUnicastChecksum);
        SentAdvert sent = a.Transport.Sent[^1];
        Assert.Equal("10.0.0.2", sent.Destination.ToString());
        ushort expected = Rfc1071([10, 0, 0, 1, 224, 0, 0, 18, 0, 112, 0, (byte)sent.Bytes.Length], WithZeroChecksum(sent.Bytes));
        Assert.Equal(expected, (ushort)((sent.Bytes[6] << 8) | sent.Bytes[7]));
    }

    [Fact]
    public void Default_instance_sends_the_rfc_checksum_then_switches_for_good_when_a_peer_uses_the_old_one()
    {
        FakeNode a = MasterNode(Unicast());
        Assert.False(a.Machine().UsesOldUnicastChecksum);
        SentAdvert first = a.Transport.Sent[^1];
        Assert.Equal(Rfc1071([10, 0, 0, 1, 10, 0, 0, 2, 0, 112, 0, 12], WithZeroChecksum(first.Bytes)), (ushort)((first.Bytes[6] << 8) | first.Bytes[7]));

        // A lower-priority peer on the old checksum: accepted, and the master answers at once in the old form.
        Deliver(a, Advert(50, VrrpChecksumKind.OldUnicastPseudoHeader));

        Assert.Equal(0, a.Status().Errors.Total);
        Assert.True(a.Machine().UsesOldUnicastChecksum);
        Assert.Equal(VrrpChecksumKind.OldUnicastPseudoHeader, a.Status().SendChecksumKind);
        Assert.Contains("(VI_1) Setting unicast VRRPv3 checksum to old version", a.Logs);
        SentAdvert answer = a.Transport.Sent[^1];
        Assert.NotSame(first, answer);
        Assert.Equal(Rfc1071([10, 0, 0, 1, 224, 0, 0, 18, 0, 112, 0, 12], WithZeroChecksum(answer.Bytes)), (ushort)((answer.Bytes[6] << 8) | answer.Bytes[7]));

        // keepalived never switches back: an RFC-checksum advert is now the other variant.
        Deliver(a, Advert(200, VrrpChecksumKind.PseudoHeader));
        Assert.Equal(1, a.Status().Errors.ChecksumVariant);
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public void Old_unicast_checksum_never_drops_old_variant_adverts_and_keeps_the_rfc_checksum()
    {
        FakeNode a = MasterNode(Unicast() with { OldUnicastChecksum = VrrpOldUnicastChecksum.Never });

        Deliver(a, Advert(200, VrrpChecksumKind.OldUnicastPseudoHeader));

        Assert.Equal(1, a.Status().Errors.ChecksumVariant);
        Assert.False(a.Machine().UsesOldUnicastChecksum);
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public void Configured_old_checksum_drops_rfc_adverts_and_accepts_old_ones()
    {
        FakeNode a = MasterNode(Unicast() with { OldUnicastChecksum = VrrpOldUnicastChecksum.Always });

        Deliver(a, Advert(200, VrrpChecksumKind.PseudoHeader));
        Assert.Equal(1, a.Status().Errors.ChecksumVariant);
        Assert.Equal(VrrpState.Master, a.State());

        Deliver(a, Advert(200, VrrpChecksumKind.OldUnicastPseudoHeader));
        Assert.Equal(VrrpState.Backup, a.State());
    }

    [Fact]
    public void Old_unicast_checksum_and_v3_checksum_as_v2_are_refused_together()
    {
        var s = Unicast() with { OldUnicastChecksum = VrrpOldUnicastChecksum.Always, V3ChecksumAsV2 = true };
        Assert.Contains(s.GetProblems(), p => p.Contains("old_unicast_checksum", StringComparison.Ordinal));
    }

    private static VrrpInstanceSettings Unicast() =>
        V3(100, TimeSpan.FromSeconds(1)) with { UnicastSourceIP = Ip("10.0.0.1"), UnicastPeers = [Ip("10.0.0.2")] };

    private FakeNode MasterNode(VrrpInstanceSettings settings)
    {
        var a = new FakeNode(null, _time, "10.0.0.1", settings).Start();
        _nodes.Add(a);
        FakeClock.Run(_time, TimeSpan.FromSeconds(4), a);
        Assert.Equal(VrrpState.Master, a.State());
        return a;
    }

    private static byte[] Advert(byte priority, VrrpChecksumKind kind)
    {
        var packet = new VrrpPacket(3, 51, priority, 100, [VrrpIpAddress.Parse("10.0.0.100")]);
        var buffer = new byte[64];
        VrrpPacketWriter.TryWrite(packet, VrrpIpAddress.Parse("10.0.0.2"), VrrpIpAddress.Parse("10.0.0.1"), kind, buffer, out int n);
        return buffer[..n];
    }

    private static void Deliver(FakeNode node, byte[] message) =>
        node.Transport.Channels[0].Sink.Deliver(message, new VrrpReceiveInfo(VrrpIpAddress.Parse("10.0.0.2"), VrrpIpAddress.Parse("10.0.0.1"), 255, 1));

    private static byte[] WithZeroChecksum(byte[] message)
    {
        byte[] copy = [.. message];
        copy[6] = 0;
        copy[7] = 0;
        return copy;
    }

    /// <summary>RFC 1071 one's-complement sum over pseudo-header then message, written independently of VrrpChecksum.</summary>
    private static ushort Rfc1071(byte[] pseudoHeader, byte[] message)
    {
        byte[] all = [.. pseudoHeader, .. message];
        if (all.Length % 2 == 1)
        {
            all = [.. all, 0];
        }

        long sum = 0;
        for (int i = 0; i < all.Length; i += 2)
        {
            sum += (all[i] * 256) + all[i + 1];
        }

        while (sum > 0xFFFF)
        {
            sum = (sum % 0x10000) + (sum / 0x10000);
        }

        return (ushort)(0xFFFF - sum);
    }
}
