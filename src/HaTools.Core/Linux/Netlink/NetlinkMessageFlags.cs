namespace HaTools.Core.Linux.Netlink;

/// <summary>nlmsg_flags from uapi linux/netlink.h. Values above 0xff mean different things for GET, NEW, DELETE and ACK messages, hence the duplicates.</summary>
[Flags]
public enum NetlinkMessageFlags : ushort
{
    None = 0,
    Request = 0x1,
    Multi = 0x2,
    Acknowledge = 0x4,
    Echo = 0x8,
    DumpInterrupted = 0x10,
    DumpFiltered = 0x20,

    // Modifiers to GET requests.
    Root = 0x100,
    Match = 0x200,
    Atomic = 0x400,
    Dump = Root | Match,

    // Modifiers to NEW requests.
    Replace = 0x100,
    Excl = 0x200,
    Create = 0x400,
    Append = 0x800,

    // Flags of ACK (NLMSG_ERROR) messages.
    Capped = 0x100,
    AckTlvs = 0x200,
}
