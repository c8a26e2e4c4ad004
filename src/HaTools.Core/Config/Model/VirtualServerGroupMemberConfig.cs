using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// One member line of a virtual_server_group: <c>IP[-LASTOCTET] PORT</c> or <c>fwmark N</c>.
/// <see cref="RangeEnd"/> is the last value of the final address component for ranges like 10.0.0.1-10.
/// </summary>
public sealed record VirtualServerGroupMemberConfig : ConfigObject
{
    public System.Net.IPAddress? Address { get; set; }

    public int? RangeEnd { get; set; }

    public int? Port { get; set; }

    public int? FirewallMark { get; set; }

    public override string ToString() => FirewallMark is int m ? $"fwmark {m}" : $"{Address}{(RangeEnd is int r ? "-" + r : "")} {Port}";
}
