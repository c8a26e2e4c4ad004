namespace HaTools.Core.Linux.Netlink;

/// <summary>Why bytes from the kernel (or a peer) were not a well-formed netlink message or attribute.</summary>
public enum NetlinkReadError
{
    None = 0,
    /// <summary>Fewer than 16 bytes left where a header should start.</summary>
    ShortHeader,
    /// <summary>nlmsg_len below the header size or beyond the datagram.</summary>
    BadMessageLength,
    /// <summary>Fewer than 4 bytes left where an attribute should start.</summary>
    ShortAttribute,
    /// <summary>nla_len below 4 or beyond the enclosing payload.</summary>
    BadAttributeLength,
    /// <summary>An NLMSG_ERROR payload shorter than its errno and echoed header.</summary>
    ShortErrorMessage,
    /// <summary>An attribute value of the wrong size for its type.</summary>
    BadAttributeValue,
}
