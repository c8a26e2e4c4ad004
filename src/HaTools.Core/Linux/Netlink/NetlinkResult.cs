namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// What the kernel answered to one request: its reply messages (all parts of a dump), and the errno of
/// its NLMSG_ERROR ack (0 = success) with the extended-ack text when the kernel gave one.
/// </summary>
public sealed record NetlinkResult(uint Sequence, int Errno, string? ErrorMessage, IReadOnlyList<NetlinkMessage> Messages, bool DumpInterrupted)
{
    public bool Succeeded => Errno == 0;

    /// <summary>Throws a <see cref="NetlinkException"/> for a failed request.</summary>
    public NetlinkResult ThrowIfFailed(string operation, object? target = null)
    {
        if (Errno != 0)
            throw new NetlinkException(Errno, operation, ErrorMessage, target);
        return this;
    }
}
