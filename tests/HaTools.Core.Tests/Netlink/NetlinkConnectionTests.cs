using HaTools.Core;
using HaTools.Core.Linux;
using HaTools.Core.Linux.Netlink;

namespace HaTools.Core.Tests.Netlink;

/// <summary>Request/ack matching, dumps and pipelining of <see cref="NetlinkConnection"/> against the fake peer.</summary>
public class NetlinkConnectionTests
{
    private const ushort FamilyType = 0x20;

    private static NetlinkRequest Request(byte tag, NetlinkMessageFlags flags = NetlinkMessageFlags.None) =>
        new(FamilyType, flags, new byte[] { tag, 0, 0, 0 });

    private static byte Tag(NetlinkMessage m) => m.Payload.Span[0];

    [Fact]
    public void Request_gets_request_and_ack_flags_sequence_and_port()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        using var c = new NetlinkConnection(fake, firstSequence: 100);

        var replies = c.Execute(Request(1), "test");

        Assert.Empty(replies);
        var sent = Assert.Single(fake.Requests);
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge, sent.Header.Flags);
        Assert.Equal(100u, sent.Header.Sequence);
        Assert.Equal(4242u, sent.Header.PortId);
        Assert.Equal(20u, sent.Header.Length);
    }

    [Fact]
    public void Sequence_numbers_increase_per_request_and_skip_zero()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        using var c = new NetlinkConnection(fake, firstSequence: uint.MaxValue);
        c.Execute(Request(1), "a");
        c.Execute(Request(2), "b");
        Assert.Equal(new uint[] { uint.MaxValue, 1 }, fake.Requests.Select(r => r.Header.Sequence));
    }

    [Fact]
    public void Reply_before_ack_is_returned()
    {
        var fake = new FakeNetlinkSocket(r => [FakeNetlinkSocket.Reply(r, 0x21, new byte[] { 42, 0, 0, 0 })]);
        using var c = new NetlinkConnection(fake);
        var reply = Assert.Single(c.Execute(Request(1), "get"));
        Assert.Equal(0x21, reply.Header.Type);
        Assert.Equal(42, Tag(reply));
    }

    [Fact]
    public void Error_ack_throws_netlink_exception_with_errno_kind_and_kernel_text()
    {
        var fake = new FakeNetlinkSocket(r => [FakeNetlinkSocket.Error(r, Errno.EEXIST, "Service already exists")]);
        using var c = new NetlinkConnection(fake);

        var ex = Assert.Throws<NetlinkException>(() => c.Execute(Request(1), "add service", target: "svc"));

        Assert.Equal(Errno.EEXIST, ex.Errno);
        Assert.Equal("NetlinkEEXIST", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ResourceExists, ex.Kind);
        Assert.Equal("svc", ex.Target);
        Assert.Equal("Service already exists", ex.KernelMessage);
        Assert.Equal("add service failed: file exists (EEXIST): Service already exists", ex.Message);
    }

    [Theory]
    [InlineData(Errno.EPERM, HaToolsErrorKind.PermissionDenied)]
    [InlineData(Errno.ESRCH, HaToolsErrorKind.ObjectNotFound)]
    [InlineData(Errno.ENOENT, HaToolsErrorKind.ObjectNotFound)]
    [InlineData(Errno.EINVAL, HaToolsErrorKind.InvalidArgument)]
    [InlineData(Errno.EOPNOTSUPP, HaToolsErrorKind.NotSupported)]
    [InlineData(Errno.ENOBUFS, HaToolsErrorKind.ResourceUnavailable)]
    [InlineData(200, HaToolsErrorKind.ProtocolError)]
    public void Errno_maps_to_an_error_kind(int errno, HaToolsErrorKind kind)
    {
        var fake = new FakeNetlinkSocket(r => [FakeNetlinkSocket.Error(r, errno)]);
        using var c = new NetlinkConnection(fake);
        var ex = Assert.Throws<NetlinkException>(() => c.Execute(Request(1), "op"));
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(errno, ex.Errno);
    }

    [Fact]
    public void Dump_collects_every_part_across_datagrams_until_done_and_is_not_acked()
    {
        var fake = new FakeNetlinkSocket(r => FakeNetlinkSocket.Multipart(r, 0x21,
            Enumerable.Range(1, 5).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 0, 0, 0 })));
        using var c = new NetlinkConnection(fake);

        var parts = c.Execute(Request(0, NetlinkMessageFlags.Dump), "dump");

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, parts.Select(Tag));
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, fake.Requests[0].Header.Flags);
        Assert.Single(fake.SentDatagrams);
    }

    [Fact]
    public void Dump_parts_sharing_one_datagram_are_all_read()
    {
        var fake = new FakeNetlinkSocket(r => FakeNetlinkSocket.Multipart(r, 0x21,
            Enumerable.Range(1, 3).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 0, 0, 0 })))
        { OneMessagePerDatagram = false };
        using var c = new NetlinkConnection(fake);
        Assert.Equal(3, c.Execute(Request(0, NetlinkMessageFlags.Dump), "dump").Count);
    }

    [Fact]
    public void Dump_that_fails_in_done_reports_its_errno()
    {
        var fake = new FakeNetlinkSocket(r => FakeNetlinkSocket.Multipart(r, 0x21, [], doneErrno: Errno.EINVAL));
        using var c = new NetlinkConnection(fake);
        var ex = Assert.Throws<NetlinkException>(() => c.Execute(Request(0, NetlinkMessageFlags.Dump), "dump"));
        Assert.Equal(Errno.EINVAL, ex.Errno);
    }

    [Fact]
    public void Interrupted_dump_is_repeated()
    {
        var calls = 0;
        var fake = new FakeNetlinkSocket(r =>
        {
            calls++;
            var flags = NetlinkMessageFlags.Multi | (calls == 1 ? NetlinkMessageFlags.DumpInterrupted : 0);
            return [FakeNetlinkSocket.Reply(r, 0x21, new byte[] { (byte)calls, 0, 0, 0 }, flags), FakeNetlinkSocket.Reply(r, NetlinkMessageType.Done, new byte[4], NetlinkMessageFlags.Multi)];
        });
        using var c = new NetlinkConnection(fake);
        var parts = c.Execute(Request(0, NetlinkMessageFlags.Dump), "dump");
        Assert.Equal(2, calls);
        Assert.Equal(2, Tag(Assert.Single(parts)));
    }

    [Fact]
    public void Batch_sends_requests_in_one_datagram_and_returns_each_result_in_order()
    {
        var fake = new FakeNetlinkSocket(r => Tag(r) == 2 ? [FakeNetlinkSocket.Error(r, Errno.ESRCH)] : []);
        using var c = new NetlinkConnection(fake);

        var results = c.ExecuteBatch([Request(1), Request(2), Request(3)]);

        Assert.Single(fake.SentDatagrams);
        Assert.Equal(1, c.DatagramsSent);
        Assert.Equal(new[] { 0, Errno.ESRCH, 0 }, results.Select(r => r.Errno));
        Assert.Equal(fake.Requests.Select(r => r.Header.Sequence), results.Select(r => r.Sequence));
    }

    [Fact]
    public void Acks_arriving_out_of_order_are_matched_by_sequence()
    {
        var fake = new FakeNetlinkSocket(r => [FakeNetlinkSocket.Reply(r, 0x21, new byte[] { Tag(r), 0, 0, 0 })])
        {
            // Each request's reply and ack travel together; the requests' answers come back last first.
            OneMessagePerDatagram = false,
            Reorder = ds => ds.Reverse(),
        };
        using var c = new NetlinkConnection(fake);

        var results = c.ExecuteBatch([Request(1), Request(2), Request(3), Request(4)]);

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, results.Select(r => Tag(Assert.Single(r.Messages))));
    }

    [Fact]
    public void Large_batches_are_split_into_several_datagrams()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        using var c = new NetlinkConnection(fake) { MaxBatchMessages = 10 };

        var results = c.ExecuteBatch(Enumerable.Range(0, 25).Select(i => Request((byte)i)).ToList());

        Assert.Equal(3, fake.SentDatagrams.Count);
        Assert.Equal(25, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(25, fake.Requests.Select(r => r.Header.Sequence).Distinct().Count());
    }

    [Fact]
    public void Batches_are_split_by_bytes_too()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        using var c = new NetlinkConnection(fake) { MaxBatchBytes = 4096 };
        var big = new NetlinkRequest(FamilyType, 0, new byte[1500]);

        c.ExecuteBatch([big, big, big, big]);

        Assert.Equal(2, fake.SentDatagrams.Count);
        Assert.All(fake.SentDatagrams, d => Assert.True(d.Length <= 4096));
    }

    [Fact]
    public void Stale_and_unsolicited_messages_are_counted_and_skipped()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        fake.Inject(new NetlinkMessage(new NetlinkMessageHeader(0, 0x21, 0, 0, 0), new byte[4]).Encode());
        using var c = new NetlinkConnection(fake);

        c.Execute(Request(1), "op");

        Assert.Equal(1, c.UnmatchedMessages);
    }

    [Fact]
    public void Malformed_datagram_is_a_protocol_error_not_a_crash()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        fake.Inject([0xff, 0xff, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        using var c = new NetlinkConnection(fake);

        var ex = Assert.Throws<HaToolsException>(() => c.Execute(Request(1), "op"));

        Assert.Equal("NetlinkMalformedMessage", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ProtocolError, ex.Kind);
        Assert.Equal(1, c.MalformedDatagrams);
    }

    [Fact]
    public void No_answer_is_a_timeout()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        using var c = new NetlinkConnection(fake);
        // A dump is not acked; a peer that never says DONE leaves the request open.
        var ex = Assert.Throws<HaToolsException>(() => c.Execute(Request(0, NetlinkMessageFlags.Dump), "dump"));
        Assert.Equal(HaToolsErrorKind.OperationTimeout, ex.Kind);
    }

    [Fact]
    public void Dispose_closes_the_socket()
    {
        var fake = new FakeNetlinkSocket(_ => []);
        new NetlinkConnection(fake).Dispose();
        Assert.True(fake.Disposed);
    }
}
