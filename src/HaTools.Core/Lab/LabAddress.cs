using System.Net;
using System.Text.Json;

namespace HaTools.Core.Lab;

/// <summary>One address on an interface, as `ip -j addr` shows it.</summary>
public sealed record LabAddress(string Interface, IPAddress Address, int PrefixLength, string? Label, string? Scope, IPAddress? Broadcast, IPAddress? Peer)
{
    /// <summary>Parses `ip -j addr show` output.</summary>
    public static IReadOnlyList<LabAddress> ParseIpJson(string json)
    {
        var list = new List<LabAddress>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return list;
        }

        using var doc = JsonDocument.Parse(json);
        foreach (var link in doc.RootElement.EnumerateArray())
        {
            string ifname = link.TryGetProperty("ifname", out var n) ? n.GetString() ?? string.Empty : string.Empty;
            if (!link.TryGetProperty("addr_info", out var infos))
            {
                continue;
            }

            foreach (var info in infos.EnumerateArray())
            {
                if (!info.TryGetProperty("local", out var local) || !IPAddress.TryParse(local.GetString(), out var address))
                {
                    continue;
                }

                int prefix = info.TryGetProperty("prefixlen", out var p) ? p.GetInt32() : 0;
                string? label = info.TryGetProperty("label", out var l) ? l.GetString() : null;
                string? scope = info.TryGetProperty("scope", out var s) ? s.GetString() : null;
                IPAddress? brd = info.TryGetProperty("broadcast", out var b) && IPAddress.TryParse(b.GetString(), out var bb) ? bb : null;
                IPAddress? peer = info.TryGetProperty("address", out var a) && IPAddress.TryParse(a.GetString(), out var pa) ? pa : null;
                list.Add(new LabAddress(ifname, address, prefix, label, scope, brd, peer));
            }
        }

        return list;
    }
}
