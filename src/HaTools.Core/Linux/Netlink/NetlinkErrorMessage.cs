using System.Buffers.Binary;

namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// struct nlmsgerr (the payload of NLMSG_ERROR): a negative errno (0 = ACK), the request's header
/// (and its payload unless the ack is capped), then extended-ack TLVs (NLMSGERR_ATTR_*).
/// </summary>
public readonly record struct NetlinkErrorMessage(int Error, NetlinkMessageHeader Request, string? Message, uint? ErrorOffset)
{
    public const ushort AttributeMessage = 1;
    public const ushort AttributeOffset = 2;

    /// <summary>The positive errno (0 for an ACK).</summary>
    public int Errno => -Error;

    public static bool TryRead(NetlinkMessage message, out NetlinkErrorMessage error, out NetlinkReadError reason)
    {
        error = default;
        var payload = message.Payload;
        if (payload.Length < 4 + NetlinkMessageHeader.Size)
        {
            reason = NetlinkReadError.ShortErrorMessage;
            return false;
        }
        var code = BinaryPrimitives.ReadInt32LittleEndian(payload.Span);
        NetlinkMessageHeader.TryRead(payload.Span[4..], out var request, out _);
        string? text = null;
        uint? offset = null;
        if ((message.Header.Flags & NetlinkMessageFlags.AckTlvs) != 0)
        {
            // Uncapped error acks echo the whole request before the TLVs.
            var echoed = (message.Header.Flags & NetlinkMessageFlags.Capped) != 0 || code == 0
                ? NetlinkMessageHeader.Size
                : (int)Math.Max(NetlinkMessageHeader.Size, request.Length);
            var tlvStart = 4 + NetlinkMessageHeader.Align(echoed);
            if (tlvStart <= payload.Length)
            {
                var reader = new NetlinkAttributeReader(payload[tlvStart..]);
                while (reader.TryRead(out var a))
                {
                    if (a.Type == AttributeMessage)
                        text = a.GetString();
                    else if (a.Type == AttributeOffset && a.TryGetUInt32(out var o))
                        offset = o;
                }
            }
        }
        error = new NetlinkErrorMessage(code, request, text, offset);
        reason = NetlinkReadError.None;
        return true;
    }

    /// <summary>Encodes an NLMSG_ERROR payload (capped form): what the kernel sends with NETLINK_CAP_ACK. Used by fakes.</summary>
    public static byte[] EncodePayload(int errno, NetlinkMessageHeader request, string? extAckMessage = null)
    {
        var w = new NetlinkAttributeWriter();
        Span<byte> head = stackalloc byte[4 + NetlinkMessageHeader.Size];
        BinaryPrimitives.WriteInt32LittleEndian(head, -errno);
        request.Write(head[4..]);
        w.WriteHeader(head);
        if (extAckMessage != null)
            w.WriteString(AttributeMessage, extAckMessage);
        return w.ToArray();
    }
}
