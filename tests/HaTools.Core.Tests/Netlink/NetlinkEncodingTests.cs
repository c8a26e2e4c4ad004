using HaTools.Core.Linux.Netlink;

namespace HaTools.Core.Tests.Netlink;

/// <summary>Byte layout of nlmsghdr and nlattr (uapi linux/netlink.h), against hand-written golden bytes.</summary>
public class NetlinkEncodingTests
{
    [Fact]
    public void Message_header_is_16_bytes_host_order_with_payload_padded_to_4()
    {
        var message = new NetlinkMessage(
            new NetlinkMessageHeader(0, 0x10, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge, 0x01020304, 0x0a0b0c0d),
            new byte[] { 0xaa, 0xbb, 0xcc });

        var bytes = message.Encode();

        byte[] golden =
        [
            0x13, 0x00, 0x00, 0x00, // nlmsg_len = 16 + 3 (padding not counted)
            0x10, 0x00,             // nlmsg_type
            0x05, 0x00,             // nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK
            0x04, 0x03, 0x02, 0x01, // nlmsg_seq
            0x0d, 0x0c, 0x0b, 0x0a, // nlmsg_pid
            0xaa, 0xbb, 0xcc,       // payload
            0x00,                   // padding to NLMSG_ALIGNTO
        ];
        Assert.Equal(golden, bytes);
    }

    [Fact]
    public void Dump_flags_are_root_and_match()
    {
        Assert.Equal(0x300, (int)NetlinkMessageFlags.Dump);
        Assert.Equal(0x301, (int)(NetlinkMessageFlags.Dump | NetlinkMessageFlags.Request));
    }

    [Fact]
    public void Attributes_are_padded_and_nested_lengths_include_inner_padding()
    {
        var w = new NetlinkAttributeWriter();
        w.WriteHeader([0x01, 0x02]);                  // a 2-byte family header, padded to 4
        w.WriteUInt32(1, 0x11223344);
        w.WriteString(2, "rr");
        var nest = w.BeginNested(3);
        w.WriteUInt16BigEndian(4, 80);
        w.WriteFlag(5);
        w.EndNested(nest);
        w.WriteUInt8(6, 0x7f);
        w.WriteUInt64(7, 0x0102030405060708);

        byte[] golden =
        [
            0x01, 0x02, 0x00, 0x00,             // family header + 2 bytes padding
            0x08, 0x00, 0x01, 0x00,             // nla_len 8, nla_type 1
            0x44, 0x33, 0x22, 0x11,             // u32 host order
            0x07, 0x00, 0x02, 0x00,             // nla_len 7 (4 + "rr\0"), type 2
            0x72, 0x72, 0x00, 0x00,             // "rr" NUL + 1 byte padding
            0x10, 0x00, 0x03, 0x80,             // nested: nla_len 16, type 3 | NLA_F_NESTED
            0x06, 0x00, 0x04, 0x00,             //   nla_len 6, type 4
            0x00, 0x50, 0x00, 0x00,             //   port 80 big endian + 2 bytes padding
            0x04, 0x00, 0x05, 0x00,             //   flag: nla_len 4, type 5, no value
            0x05, 0x00, 0x06, 0x00,             // nla_len 5, type 6
            0x7f, 0x00, 0x00, 0x00,             // u8 + 3 bytes padding
            0x0c, 0x00, 0x07, 0x00,             // nla_len 12, type 7
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // u64 host order
        ];
        Assert.Equal(golden, w.ToArray());
    }

    [Fact]
    public void Nested_flag_can_be_left_off_for_old_families()
    {
        var w = new NetlinkAttributeWriter();
        w.EndNested(w.BeginNested(9, setNestedFlag: false));
        Assert.Equal(new byte[] { 0x04, 0x00, 0x09, 0x00 }, w.ToArray());
    }

    [Fact]
    public void Reader_returns_written_attributes_and_strips_type_flags()
    {
        var w = new NetlinkAttributeWriter();
        w.WriteUInt32(1, 7);
        var nest = w.BeginNested(2);
        w.WriteString(3, "IPVS");
        w.WriteUInt16BigEndian(4, 443);
        w.EndNested(nest);
        w.WriteUInt64(5, ulong.MaxValue - 1);

        var attrs = new List<NetlinkAttribute>();
        Assert.True(NetlinkAttributeReader.TryReadAll(w.WrittenMemory, attrs, out var reason), reason.ToString());
        Assert.Equal(3, attrs.Count);
        Assert.True(attrs[0].TryGetUInt32(out var u32));
        Assert.Equal(7u, u32);
        Assert.Equal(2, attrs[1].Type);
        Assert.True(attrs[1].IsNested);
        var inner = attrs[1].GetNested();
        Assert.True(inner.TryRead(out var name));
        Assert.Equal("IPVS", name.GetString());
        Assert.True(inner.TryRead(out var port));
        Assert.True(port.TryGetUInt16BigEndian(out var p));
        Assert.Equal(443, p);
        Assert.False(inner.TryRead(out _));
        Assert.Equal(NetlinkReadError.None, inner.Error);
        Assert.True(attrs[2].TryGetUInt64(out var u64));
        Assert.Equal(ulong.MaxValue - 1, u64);
    }

    [Fact]
    public void Value_of_the_wrong_size_is_refused_not_misread()
    {
        var w = new NetlinkAttributeWriter().WriteUInt16(1, 5);
        var r = new NetlinkAttributeReader(w.WrittenMemory);
        Assert.True(r.TryRead(out var a));
        Assert.False(a.TryGetUInt32(out _));
        Assert.False(a.TryGetUInt8(out _));
        Assert.True(a.TryGetUInt16(out var v));
        Assert.Equal(5, v);
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0x00 }, NetlinkReadError.ShortAttribute)]
    [InlineData(new byte[] { 0x03, 0x00, 0x01, 0x00 }, NetlinkReadError.BadAttributeLength)]
    [InlineData(new byte[] { 0x09, 0x00, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04 }, NetlinkReadError.BadAttributeLength)]
    public void Malformed_attributes_stop_the_reader_with_a_reason(byte[] bytes, NetlinkReadError expected)
    {
        var attrs = new List<NetlinkAttribute>();
        Assert.False(NetlinkAttributeReader.TryReadAll(bytes, attrs, out var reason));
        Assert.Equal(expected, reason);
        Assert.Empty(attrs);
    }

    [Fact]
    public void Last_attribute_may_omit_its_padding()
    {
        byte[] bytes = [0x05, 0x00, 0x01, 0x00, 0x2a];
        var attrs = new List<NetlinkAttribute>();
        Assert.True(NetlinkAttributeReader.TryReadAll(bytes, attrs, out _));
        Assert.True(Assert.Single(attrs).TryGetUInt8(out var v));
        Assert.Equal(42, v);
    }

    [Fact]
    public void Datagram_with_two_messages_splits_at_aligned_boundaries()
    {
        var a = new NetlinkMessage(new NetlinkMessageHeader(0, 0x20, NetlinkMessageFlags.Multi, 1, 9), new byte[] { 1 });
        var b = new NetlinkMessage(new NetlinkMessageHeader(0, NetlinkMessageType.Done, NetlinkMessageFlags.Multi, 1, 9), new byte[4]);
        var datagram = a.Encode().Concat(b.Encode()).ToArray();
        Assert.Equal(20 + 20, datagram.Length);

        var messages = new List<NetlinkMessage>();
        Assert.True(NetlinkMessage.TryReadAll(datagram, messages, out _));
        Assert.Equal(2, messages.Count);
        Assert.Equal(17u, messages[0].Header.Length);
        Assert.Equal(new byte[] { 1 }, messages[0].Payload.ToArray());
        Assert.Equal(NetlinkMessageType.Done, messages[1].Header.Type);
    }

    [Theory]
    [InlineData(new byte[] { 0x10, 0x00, 0x00 }, NetlinkReadError.ShortHeader)]
    [InlineData(new byte[] { 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, NetlinkReadError.BadMessageLength)]
    [InlineData(new byte[] { 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, NetlinkReadError.BadMessageLength)]
    public void Malformed_datagrams_are_refused_with_a_reason(byte[] bytes, NetlinkReadError expected)
    {
        Assert.False(NetlinkMessage.TryReadAll(bytes, new List<NetlinkMessage>(), out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Capped_error_ack_with_extended_message_decodes_errno_and_text()
    {
        byte[] payload =
        [
            0xef, 0xff, 0xff, 0xff, // error = -17 (EEXIST)
            0x24, 0x00, 0x00, 0x00, // echoed nlmsg_len 36 (payload not echoed: capped)
            0x1a, 0x00,             // echoed nlmsg_type
            0x05, 0x00,             // echoed nlmsg_flags
            0x07, 0x00, 0x00, 0x00, // echoed nlmsg_seq
            0x00, 0x00, 0x00, 0x00, // echoed nlmsg_pid
            0x08, 0x00, 0x01, 0x00, // NLMSGERR_ATTR_MSG, nla_len 8
            0x62, 0x61, 0x64, 0x00, // "bad\0"
            0x08, 0x00, 0x02, 0x00, // NLMSGERR_ATTR_OFFS
            0x14, 0x00, 0x00, 0x00, // offset 20
        ];
        var message = new NetlinkMessage(
            new NetlinkMessageHeader(0, NetlinkMessageType.Error, NetlinkMessageFlags.Capped | NetlinkMessageFlags.AckTlvs, 7, 0), payload);

        Assert.True(NetlinkErrorMessage.TryRead(message, out var e, out _));
        Assert.Equal(17, e.Errno);
        Assert.Equal(7u, e.Request.Sequence);
        Assert.Equal(0x1a, e.Request.Type);
        Assert.Equal("bad", e.Message);
        Assert.Equal(20u, e.ErrorOffset);
        Assert.Equal(payload, NetlinkErrorMessage.EncodePayload(17, e.Request, "bad").Concat(payload[^8..]).ToArray());
    }

    [Fact]
    public void Uncapped_error_ack_skips_the_echoed_request_before_the_tlvs()
    {
        var request = new NetlinkMessage(new NetlinkMessageHeader(0, 0x30, NetlinkMessageFlags.Request, 3, 0), new byte[] { 9, 9, 9, 9, 9, 9 });
        var echoed = request.Encode();
        var w = new NetlinkAttributeWriter();
        w.WriteHeader(BitConverter.GetBytes(-22).Concat(echoed).ToArray());
        w.WriteString(NetlinkErrorMessage.AttributeMessage, "why");
        var message = new NetlinkMessage(new NetlinkMessageHeader(0, NetlinkMessageType.Error, NetlinkMessageFlags.AckTlvs, 3, 0), w.ToArray());

        Assert.True(NetlinkErrorMessage.TryRead(message, out var e, out _));
        Assert.Equal(22, e.Errno);
        Assert.Equal("why", e.Message);
    }

    [Fact]
    public void Error_payload_shorter_than_errno_and_header_is_refused()
    {
        var message = new NetlinkMessage(new NetlinkMessageHeader(0, NetlinkMessageType.Error, 0, 1, 0), new byte[8]);
        Assert.False(NetlinkErrorMessage.TryRead(message, out _, out var reason));
        Assert.Equal(NetlinkReadError.ShortErrorMessage, reason);
    }
}
