namespace HaTools.Core.Linux.Netlink;

/// <summary>One netlink message: its header and the payload after it (family header and attributes).</summary>
public readonly record struct NetlinkMessage(NetlinkMessageHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Bytes this message takes on the wire, padding of the next message included.</summary>
    public int EncodedLength => NetlinkMessageHeader.Align(NetlinkMessageHeader.Size + Payload.Length);

    /// <summary>Encodes the message; Header.Length is replaced by the real length.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        EncodeTo(bytes);
        return bytes;
    }

    /// <summary>Writes the message at the start of <paramref name="destination"/> and returns the aligned number of bytes written.</summary>
    public int EncodeTo(Span<byte> destination)
    {
        var length = NetlinkMessageHeader.Size + Payload.Length;
        (Header with { Length = (uint)length }).Write(destination);
        Payload.Span.CopyTo(destination[NetlinkMessageHeader.Size..]);
        var aligned = NetlinkMessageHeader.Align(length);
        destination[length..aligned].Clear();
        return aligned;
    }

    /// <summary>Splits one datagram into its messages. Payloads point into <paramref name="datagram"/> (no copy).</summary>
    public static bool TryReadAll(ReadOnlyMemory<byte> datagram, List<NetlinkMessage> messages, out NetlinkReadError reason)
    {
        var offset = 0;
        var span = datagram.Span;
        while (offset < datagram.Length)
        {
            if (!NetlinkMessageHeader.TryRead(span[offset..], out var header, out reason))
                return false;
            if (header.Length < NetlinkMessageHeader.Size || header.Length > (uint)(datagram.Length - offset))
            {
                reason = NetlinkReadError.BadMessageLength;
                return false;
            }
            var payload = datagram.Slice(offset + NetlinkMessageHeader.Size, (int)header.Length - NetlinkMessageHeader.Size);
            messages.Add(new NetlinkMessage(header, payload));
            // The last message may omit its trailing padding.
            offset = Math.Min(datagram.Length, offset + NetlinkMessageHeader.Align((int)header.Length));
        }
        reason = NetlinkReadError.None;
        return true;
    }
}
