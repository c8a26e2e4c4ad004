namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// A request before it gets a sequence number: message type, flags and payload. The connection adds
/// NLM_F_REQUEST always and NLM_F_ACK unless the request is a dump (dumps end with NLMSG_DONE).
/// </summary>
public sealed record NetlinkRequest(ushort Type, NetlinkMessageFlags Flags, ReadOnlyMemory<byte> Payload)
{
    public bool IsDump => (Flags & NetlinkMessageFlags.Dump) == NetlinkMessageFlags.Dump;
}
