namespace HaTools.Core.Linux.Netlink;

/// <summary>Netlink protocol numbers for socket(AF_NETLINK, SOCK_RAW, protocol) (uapi linux/netlink.h).</summary>
public static class NetlinkProtocol
{
    public const int Route = 0;
    public const int Generic = 16;
}
