using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>The reader takes untrusted bytes: it never throws, and what it accepts re-encodes to the same bytes.</summary>
public class VrrpPacketReaderTests
{
    private static readonly Lazy<(byte[] Ip, bool V6)[]> Golden = new(() =>
        GoldenCapture.All.SelectMany(c => c.Read().Where(r => r.Ok).Select(r => (r.Ip.ToArray(), c.Family == AddressFamily.InterNetworkV6))).ToArray());

    [Fact]
    public void Ipv4_datagram_checks_header_protocol_and_length()
    {
        byte[] ip = Golden.Value.First(g => !g.V6).Ip;
        var p = new VrrpPacket();
        Assert.True(VrrpPacketReader.TryReadIPv4(ip, true, p, out _));
        Assert.Equal(255, p.TtlOrHopLimit);

        Assert.Equal(VrrpDropReason.BadIpHeader, ReadIPv4(Patch(ip, 0, 0x44)));   // IHL 4
        Assert.Equal(VrrpDropReason.BadIpHeader, ReadIPv4(Patch(ip, 0, 0x65)));   // version 6
        Assert.Equal(VrrpDropReason.BadProtocol, ReadIPv4(Patch(ip, 9, 17)));     // UDP
        Assert.Equal(VrrpDropReason.BadTtl, ReadIPv4(Patch(ip, 8, 1)));
        Assert.Equal(VrrpDropReason.Truncated, ReadIPv4(ip[..^1]));               // shorter than total length
        Assert.Equal(VrrpDropReason.Truncated, ReadIPv4(ip[..19]));
        Assert.Equal(VrrpDropReason.Truncated, ReadIPv4(Patch(Patch(ip, 2, 0), 3, 24))); // total length cuts the advert
    }

    [Fact]
    public void Version_2_over_ipv6_and_mixed_families_are_rejected()
    {
        byte[] ip = Golden.Value.First(g => !g.V6).Ip;
        byte[] vrrp = ip[20..];
        var v4 = VrrpIpAddress.Parse("10.77.0.1");
        var v6 = VrrpIpAddress.Parse("fe80::1");
        Assert.False(VrrpPacketReader.TryRead(vrrp, AddressFamily.InterNetworkV6, v6, VrrpPacket.MulticastGroupIPv6, out _, out VrrpDropReason r1));
        Assert.Equal(VrrpDropReason.BadVersion, r1);
        Assert.False(VrrpPacketReader.TryRead(vrrp, AddressFamily.InterNetwork, v6, VrrpPacket.MulticastGroupIPv4, out _, out VrrpDropReason r2));
        Assert.Equal(VrrpDropReason.AddressFamilyMismatch, r2);
        Assert.True(VrrpPacketReader.TryRead(vrrp, AddressFamily.InterNetwork, v4, VrrpPacket.MulticastGroupIPv4, out _, out _));
    }

    [Fact]
    public void Writer_refuses_a_buffer_that_is_too_small_and_writes_nothing_outside_it()
    {
        var p = new VrrpPacket(3, 1, 100, 100, [VrrpIpAddress.Parse("fd00::1"), VrrpIpAddress.Parse("fd00::2")]);
        var buffer = new byte[p.Length + 4];
        Assert.False(VrrpPacketWriter.TryWrite(p, VrrpIpAddress.Parse("fe80::1"), VrrpPacket.MulticastGroupIPv6, VrrpChecksumKind.PseudoHeader, buffer.AsSpan(0, p.Length - 1), out int n));
        Assert.Equal(0, n);
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.True(VrrpPacketWriter.TryWrite(p, VrrpIpAddress.Parse("fe80::1"), VrrpPacket.MulticastGroupIPv6, VrrpChecksumKind.PseudoHeader, buffer, out n));
        Assert.Equal(8 + 32, n);
        Assert.Equal(new byte[4], buffer[^4..]);
    }

    [Fact]
    public void Packet_constructor_rejects_impossible_adverts()
    {
        var a = VrrpIpAddress.Parse("10.0.0.1");
        Assert.Throws<ArgumentOutOfRangeException>(() => new VrrpPacket(4, 1, 100, 1, [a]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VrrpPacket(2, 1, 100, 256, [a]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VrrpPacket(3, 1, 100, 4096, [a]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VrrpPacket(2, 1, 100, 1, []));
        Assert.Throws<ArgumentException>(() => new VrrpPacket(3, 1, 100, 1, [a, VrrpIpAddress.Parse("fd00::1")]));
    }

    // Pure noise rarely gets past the first checks; the mutation property below carries the bulk (100k).
    [Property(MaxTest = 25_000)]
    public void Reader_never_throws_on_random_bytes(byte[] data, bool ipv6, bool wholeDatagram, byte ttl)
    {
        data ??= [];
        var packet = new VrrpPacket();
        bool ok;
        VrrpDropReason reason;
        if (wholeDatagram)
        {
            ok = ipv6
                ? VrrpPacketReader.TryReadIPv6Packet(data, true, packet, out reason)
                : VrrpPacketReader.TryReadIPv4(data, true, packet, out reason);
        }
        else if (ipv6)
        {
            ok = VrrpPacketReader.TryReadIPv6(data, VrrpIpAddress.Parse("fe80::1"), VrrpPacket.MulticastGroupIPv6, ttl, true, packet, out reason);
        }
        else
        {
            ok = VrrpPacketReader.TryRead(data, AddressFamily.InterNetwork, VrrpIpAddress.Parse("10.0.0.1"), VrrpPacket.MulticastGroupIPv4, packet, out reason);
        }

        Assert.Equal(ok, reason == VrrpDropReason.None);
    }

    [Property(MaxTest = 100_000)]
    public Property Reader_never_throws_on_mutated_keepalived_adverts_and_accepts_only_what_reencodes_identically()
    {
        Gen<(int Pick, (int Pos, byte Xor)[] Flips, int Cut)> gen =
            from pick in Gen.Choose(0, 1000)
            from flips in Gen.ArrayOf(Gen.Choose(0, 200).Zip(Gen.Choose(1, 255), (p, x) => (p, (byte)x)))
            from cut in Gen.Choose(-2, 4)
            select (pick, flips, cut);

        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            (byte[] ip, bool v6) = Golden.Value[t.Pick % Golden.Value.Length];
            byte[] data = (byte[])ip.Clone();
            foreach ((int pos, byte xor) in t.Flips)
            {
                data[pos % data.Length] ^= xor;
            }

            if (t.Cut > 0)
            {
                data = data[..Math.Max(0, data.Length - t.Cut)];
            }
            else if (t.Cut < 0)
            {
                data = [.. data, .. new byte[-t.Cut]];
            }

            var packet = new VrrpPacket();
            bool ok = v6
                ? VrrpPacketReader.TryReadIPv6Packet(data, false, packet, out VrrpDropReason reason)
                : VrrpPacketReader.TryReadIPv4(data, false, packet, out reason);
            if (!ok)
            {
                return reason != VrrpDropReason.None;
            }

            int headerLength = v6 ? 40 : (data[0] & 0x0F) * 4;
            byte[] original = data.AsSpan(headerLength, packet.Length).ToArray();
            if (packet.Version == 3 && (original[4] & 0xF0) != 0)
            {
                // Reserved bits are ignored on receipt (RFC 5798 §5.2.5) and written as zero.
                return true;
            }

            var buffer = new byte[packet.Length];
            VrrpPacketWriter.TryWrite(packet, packet.Source, packet.Destination, packet.ChecksumKind, buffer, out _);
            return buffer.AsSpan().SequenceEqual(original);
        });
    }

    private static VrrpDropReason ReadIPv4(byte[] ip)
    {
        VrrpPacketReader.TryReadIPv4(ip, true, new VrrpPacket(), out VrrpDropReason reason);
        return reason;
    }

    private static byte[] Patch(byte[] data, int index, byte value)
    {
        byte[] copy = (byte[])data.Clone();
        copy[index] = value;
        return copy;
    }
}
