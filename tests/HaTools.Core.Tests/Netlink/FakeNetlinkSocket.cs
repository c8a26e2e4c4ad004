using HaTools.Core;
using HaTools.Core.Linux.Netlink;

namespace HaTools.Core.Tests.Netlink;

/// <summary>Answers one request with zero or more messages (sequence and port are filled in when left 0).</summary>
public delegate IEnumerable<NetlinkMessage> FakeNetlinkHandler(NetlinkMessage request);

/// <summary>
/// An in-memory netlink peer in the manner of mdlayher/netlink's nltest: every request sent is decoded
/// from the real bytes and handed to a handler; its replies are queued as datagrams. Like the kernel,
/// it appends an ACK to requests that asked for one (NLM_F_ACK) unless the handler answered with an error.
/// </summary>
public sealed class FakeNetlinkSocket : INetlinkSocket
{
    private readonly FakeNetlinkHandler _handler;
    private readonly Queue<byte[]> _toReceive = new();

    public FakeNetlinkSocket(FakeNetlinkHandler handler, uint portId = 4242)
    {
        _handler = handler;
        PortId = portId;
    }

    public uint PortId { get; }

    /// <summary>Every request decoded from what was sent, in order.</summary>
    public List<NetlinkMessage> Requests { get; } = new();

    /// <summary>Every datagram sent, as bytes.</summary>
    public List<byte[]> SentDatagrams { get; } = new();

    /// <summary>Groups joined through <see cref="JoinGroup"/>.</summary>
    public List<uint> Groups { get; } = new();

    /// <summary>True: every reply message is its own datagram. False: a request's replies share one datagram.</summary>
    public bool OneMessagePerDatagram { get; set; } = true;

    /// <summary>Reorders queued datagrams before they are received, to test matching by sequence.</summary>
    public Func<IReadOnlyList<byte[]>, IEnumerable<byte[]>>? Reorder { get; set; }

    public bool Disposed { get; private set; }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var bytes = datagram.ToArray();
        SentDatagrams.Add(bytes);
        var requests = new List<NetlinkMessage>();
        if (!NetlinkMessage.TryReadAll(bytes, requests, out var reason))
            throw new InvalidOperationException("The code under test sent malformed netlink: " + reason);
        var produced = new List<byte[]>();
        foreach (var request in requests)
        {
            Requests.Add(request);
            var replies = _handler(request).Select(r => Complete(request, r)).ToList();
            var failed = replies.Any(r => r.Header.Type == NetlinkMessageType.Error);
            if ((request.Header.Flags & NetlinkMessageFlags.Acknowledge) != 0 && !failed)
                replies.Add(Complete(request, Error(request, 0)));
            if (OneMessagePerDatagram)
                produced.AddRange(replies.Select(r => r.Encode()));
            else if (replies.Count > 0)
                produced.Add(replies.SelectMany(r => r.Encode()).ToArray());
        }
        foreach (var d in Reorder?.Invoke(produced) ?? produced)
            _toReceive.Enqueue(d);
    }

    public byte[] Receive(TimeSpan timeout)
    {
        if (_toReceive.Count == 0)
            throw new HaToolsException("NetlinkTimeout", HaToolsErrorKind.OperationTimeout, "The fake netlink peer has nothing more to say.");
        return _toReceive.Dequeue();
    }

    /// <summary>Queues a datagram as if the kernel had sent it unasked (notifications, garbage).</summary>
    public void Inject(byte[] datagram) => _toReceive.Enqueue(datagram);

    public void JoinGroup(uint group) => Groups.Add(group);

    public void Dispose() => Disposed = true;

    /// <summary>A reply of <paramref name="type"/> to <paramref name="request"/>.</summary>
    public static NetlinkMessage Reply(NetlinkMessage request, ushort type, ReadOnlyMemory<byte> payload, NetlinkMessageFlags flags = NetlinkMessageFlags.None) =>
        new(new NetlinkMessageHeader(0, type, flags, request.Header.Sequence, request.Header.PortId), payload);

    /// <summary>An NLMSG_ERROR ack (errno 0 = success), capped as with NETLINK_CAP_ACK, with extended-ack text when given.</summary>
    public static NetlinkMessage Error(NetlinkMessage request, int errno, string? text = null)
    {
        var flags = NetlinkMessageFlags.Capped | (text != null ? NetlinkMessageFlags.AckTlvs : 0);
        return new(new NetlinkMessageHeader(0, NetlinkMessageType.Error, flags, request.Header.Sequence, request.Header.PortId),
            NetlinkErrorMessage.EncodePayload(errno, request.Header, text));
    }

    /// <summary>A multi-part dump answer: each payload flagged NLM_F_MULTI, then NLMSG_DONE.</summary>
    public static IEnumerable<NetlinkMessage> Multipart(NetlinkMessage request, ushort type, IEnumerable<ReadOnlyMemory<byte>> payloads, int doneErrno = 0)
    {
        foreach (var p in payloads)
            yield return Reply(request, type, p, NetlinkMessageFlags.Multi);
        yield return Reply(request, NetlinkMessageType.Done, BitConverter.GetBytes(-doneErrno), NetlinkMessageFlags.Multi);
    }

    private NetlinkMessage Complete(NetlinkMessage request, NetlinkMessage reply)
    {
        var h = reply.Header;
        return reply with
        {
            Header = h with
            {
                Sequence = h.Sequence == 0 ? request.Header.Sequence : h.Sequence,
                PortId = h.PortId == 0 ? PortId : h.PortId,
            },
        };
    }
}
