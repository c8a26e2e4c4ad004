namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// Request/response over one netlink socket: numbers requests, matches replies and acks by sequence,
/// collects multi-part dumps up to NLMSG_DONE and turns NLMSG_ERROR into errno results.
/// <see cref="ExecuteBatch"/> pipelines: many requests go out in one datagram (the kernel handles
/// them in order and acks each one), so a thousand changes cost a few syscalls, not a thousand round trips.
/// Not thread-safe: one owner at a time (the event loop or the cmdlet).
/// </summary>
public sealed class NetlinkConnection : IDisposable
{
    private readonly INetlinkSocket _socket;
    private readonly List<NetlinkMessage> _scratch = new();
    private uint _nextSequence;

    public NetlinkConnection(INetlinkSocket socket, uint? firstSequence = null)
    {
        _socket = socket;
        _nextSequence = firstSequence ?? (uint)Random.Shared.Next(1, int.MaxValue);
    }

    /// <summary>Opens a real socket for <paramref name="protocol"/> (<see cref="NetlinkProtocol"/>).</summary>
    public static NetlinkConnection Open(int protocol) => new(NetlinkSocket.Open(protocol));

    public INetlinkSocket Socket => _socket;

    /// <summary>How long to wait for each datagram of an answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most requests sent in one datagram by <see cref="ExecuteBatch"/>; bounded so the acks fit the receive buffer.</summary>
    public int MaxBatchMessages { get; set; } = 256;

    /// <summary>Most bytes sent in one datagram by <see cref="ExecuteBatch"/>.</summary>
    public int MaxBatchBytes { get; set; } = 64 * 1024;

    /// <summary>Messages whose sequence number matched no request in flight (stale or unsolicited).</summary>
    public long UnmatchedMessages { get; private set; }

    /// <summary>Datagrams that were not well-formed netlink.</summary>
    public long MalformedDatagrams { get; private set; }

    /// <summary>Datagrams sent; a batch of many requests counts once.</summary>
    public long DatagramsSent { get; private set; }

    /// <summary>Sends one request and returns its replies; throws <see cref="NetlinkException"/> on an error ack.</summary>
    public IReadOnlyList<NetlinkMessage> Execute(NetlinkRequest request, string operation, object? target = null)
    {
        // A dump the kernel restarted under us (NLM_F_DUMP_INTR) is repeated: the table changed mid-walk.
        for (var attempt = 0; ; attempt++)
        {
            var result = ExecuteBatch([request])[0];
            result.ThrowIfFailed(operation, target);
            if (!result.DumpInterrupted || attempt == 3)
                return result.Messages;
        }
    }

    /// <summary>
    /// Sends all requests pipelined and returns one result per request, in order. A failed request
    /// does not stop the others (the kernel acks each one); callers decide what a failure means.
    /// </summary>
    public IReadOnlyList<NetlinkResult> ExecuteBatch(IReadOnlyList<NetlinkRequest> requests)
    {
        var results = new NetlinkResult[requests.Count];
        var index = 0;
        var buffer = new byte[Math.Max(MaxBatchBytes, 4096)];
        while (index < requests.Count)
        {
            var pending = new Dictionary<uint, Pending>();
            var used = 0;
            var first = index;
            while (index < requests.Count && index - first < MaxBatchMessages)
            {
                var request = requests[index];
                var size = NetlinkMessageHeader.Align(NetlinkMessageHeader.Size + request.Payload.Length);
                if (used + size > buffer.Length)
                {
                    if (used > 0)
                        break;
                    buffer = new byte[size];
                }
                var sequence = NextSequence();
                var flags = request.Flags | NetlinkMessageFlags.Request | (request.IsDump ? 0 : NetlinkMessageFlags.Acknowledge);
                var message = new NetlinkMessage(new NetlinkMessageHeader(0, request.Type, flags, sequence, _socket.PortId), request.Payload);
                used += message.EncodeTo(buffer.AsSpan(used));
                pending[sequence] = new Pending(index, request.IsDump);
                index++;
            }
            _socket.Send(buffer.AsSpan(0, used));
            DatagramsSent++;
            ReceiveUntilComplete(pending, results);
        }
        return results;
    }

    /// <summary>Receives the next datagram as messages, for notification listeners (sequence 0); no matching.</summary>
    public IReadOnlyList<NetlinkMessage> Receive()
    {
        var datagram = _socket.Receive(Timeout);
        var messages = new List<NetlinkMessage>();
        if (!NetlinkMessage.TryReadAll(datagram, messages, out var reason))
        {
            MalformedDatagrams++;
            throw Malformed(reason);
        }
        return messages;
    }

    public void Dispose() => _socket.Dispose();

    private uint NextSequence()
    {
        // Sequence 0 is what notifications carry; never use it for a request.
        if (_nextSequence == 0)
            _nextSequence = 1;
        return _nextSequence++;
    }

    private void ReceiveUntilComplete(Dictionary<uint, Pending> pending, NetlinkResult[] results)
    {
        var open = pending.Count;
        while (open > 0)
        {
            var datagram = _socket.Receive(Timeout);
            _scratch.Clear();
            if (!NetlinkMessage.TryReadAll(datagram, _scratch, out var reason))
            {
                MalformedDatagrams++;
                throw Malformed(reason);
            }
            foreach (var message in _scratch)
            {
                if (!pending.TryGetValue(message.Header.Sequence, out var p) || p.Done)
                {
                    UnmatchedMessages++;
                    continue;
                }
                switch (message.Header.Type)
                {
                    case NetlinkMessageType.Noop:
                    case NetlinkMessageType.Overrun:
                        break;
                    case NetlinkMessageType.Error:
                        if (!NetlinkErrorMessage.TryRead(message, out var error, out var why))
                        {
                            MalformedDatagrams++;
                            throw Malformed(why);
                        }
                        Complete(p, error.Errno, error.Message, results, message.Header.Sequence);
                        open--;
                        break;
                    case NetlinkMessageType.Done:
                        // A failed dump reports its negative errno in the DONE payload.
                        var code = message.Payload.Length >= 4 ? -BitConverter.ToInt32(message.Payload.Span[..4]) : 0;
                        Complete(p, code, null, results, message.Header.Sequence);
                        open--;
                        break;
                    default:
                        p.Messages.Add(message);
                        if ((message.Header.Flags & NetlinkMessageFlags.DumpInterrupted) != 0)
                            p.Interrupted = true;
                        break;
                }
            }
        }
    }

    private static void Complete(Pending p, int errno, string? text, NetlinkResult[] results, uint sequence)
    {
        p.Done = true;
        results[p.Index] = new NetlinkResult(sequence, errno, text, p.Messages, p.Interrupted);
    }

    private static HaToolsException Malformed(NetlinkReadError reason) =>
        new("NetlinkMalformedMessage", HaToolsErrorKind.ProtocolError, $"The kernel sent a malformed netlink message ({reason}).");

    private sealed class Pending(int index, bool isDump)
    {
        public int Index { get; } = index;
        public bool IsDump { get; } = isDump;
        public bool Done { get; set; }
        public bool Interrupted { get; set; }
        public List<NetlinkMessage> Messages { get; } = new();
    }
}
