namespace HaTools.Core.Linux.Rtnetlink;

/// <summary>rtnetlink wire numbers (uapi linux/rtnetlink.h, if_addr.h, if_link.h, if.h).</summary>
internal static class Rtnl
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;

    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_FLAGS = 8;

    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_OPERSTATE = 16;

    public const uint IFA_F_NODAD = 0x02;

    public const uint IFF_UP = 0x1;
    public const uint IFF_RUNNING = 0x40;
    public const uint IFF_LOWER_UP = 0x10000;

    /// <summary>Multicast group of link notifications (RTNLGRP_LINK).</summary>
    public const uint RTNLGRP_LINK = 1;

    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;

    public const int IfAddrMsgSize = 8;
    public const int IfInfoMsgSize = 16;

    /// <summary>keepalived.conf scope words to rtnetlink scope numbers.</summary>
    public static byte Scope(string? scope) => scope?.ToLowerInvariant() switch
    {
        null or "" or "global" or "universe" => 0,
        "site" => 200,
        "link" => 253,
        "host" => 254,
        "nowhere" => 255,
        _ => byte.TryParse(scope, out var n) ? n : throw new HaToolsException("InvalidAddressScope", HaToolsErrorKind.InvalidArgument, $"'{scope}' is not an address scope (global, site, link, host or a number).", scope),
    };

    public static string ScopeName(byte scope) => scope switch
    {
        0 => "global",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => scope.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
