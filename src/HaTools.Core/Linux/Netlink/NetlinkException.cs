namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// A netlink request or socket call failed with an errno. ErrorId is "Netlink" + the errno name
/// (NetlinkEEXIST); families (IPVS, rtnetlink) catch it and rethrow with their own ids and words.
/// </summary>
public sealed class NetlinkException : HaToolsException
{
    public NetlinkException(int errno, string operation, string? kernelMessage = null, object? target = null)
        : base("Netlink" + ErrnoNames.Name(errno), ErrnoNames.Kind(errno), Format(errno, operation, kernelMessage), target)
    {
        Errno = errno;
        Operation = operation;
        KernelMessage = kernelMessage;
    }

    public int Errno { get; }

    public string Operation { get; }

    /// <summary>The extended-ack text (NLMSGERR_ATTR_MSG), when the kernel gave one.</summary>
    public string? KernelMessage { get; }

    private static string Format(int errno, string operation, string? kernelMessage) =>
        $"{operation} failed: {ErrnoNames.Describe(errno)} ({ErrnoNames.Name(errno)})" + (kernelMessage is { Length: > 0 } ? ": " + kernelMessage : ".");
}
