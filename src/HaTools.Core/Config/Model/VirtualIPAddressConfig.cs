using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// One line of virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress:
/// <c>ADDR[/PREFIX] [brd BRD] [dev DEV] [scope SCOPE] [label LABEL] [peer PEER] [no_track] ...</c>.
/// Options HaTools does not type (home, nodad, noprefixroute, autojoin, track_group ...) stay in <see cref="Options"/> in order.
/// </summary>
public sealed record VirtualIPAddressConfig : ConfigObject
{
    public IPAddress Address { get; set; } = IPAddress.None;

    /// <summary>Prefix length; null when the line gave none (keepalived then uses /32 or /128).</summary>
    public int? PrefixLength { get; set; }

    /// <summary>Broadcast address, or "+" / "-" as ip(8) accepts.</summary>
    public string? Broadcast { get; set; }

    public string? Device { get; set; }

    public string? Scope { get; set; }

    public string? Label { get; set; }

    public IPAddress? Peer { get; set; }

    public int? PeerPrefixLength { get; set; }

    public bool NoTrack { get; set; }

    public ConfigList<string> Options { get; set; } = new();

    public override string ToString()
    {
        var s = PrefixLength is int p ? $"{Address}/{p}" : Address.ToString();
        return Device != null ? s + " dev " + Device : s;
    }
}
