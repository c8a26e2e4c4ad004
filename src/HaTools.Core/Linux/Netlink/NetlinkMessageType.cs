namespace HaTools.Core.Linux.Netlink;

/// <summary>The control message types every netlink family shares (uapi linux/netlink.h); family types start at 0x10.</summary>
public static class NetlinkMessageType
{
    public const ushort Noop = 0x1;
    public const ushort Error = 0x2;
    public const ushort Done = 0x3;
    public const ushort Overrun = 0x4;
    public const ushort MinFamilyType = 0x10;
}
