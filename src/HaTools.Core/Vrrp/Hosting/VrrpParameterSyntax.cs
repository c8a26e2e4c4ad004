using System.Globalization;
using System.Net;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// keepalived's one-line forms as cmdlets accept them: a virtual_ipaddress line
/// (<c>ADDR[/PREFIX] [dev DEV] [label LABEL] [scope SCOPE]</c>) and a track_interface line (<c>IFNAME [weight N [reverse]]</c>).
/// </summary>
public static class VrrpParameterSyntax
{
    public static VrrpVirtualAddress ParseVirtualAddress(string line)
    {
        var words = (line ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || words.Length % 2 == 0)
            throw Bad(line, "expected ADDRESS[/PREFIX] [dev DEVICE] [label LABEL] [scope SCOPE]");
        string? dev = null, label = null, scope = null;
        for (var i = 1; i < words.Length; i += 2)
        {
            switch (words[i].ToLowerInvariant())
            {
                case "dev": dev = words[i + 1]; break;
                case "label": label = words[i + 1]; break;
                case "scope": scope = words[i + 1]; break;
                default: throw Bad(line, $"unknown option '{words[i]}'");
            }
        }

        try
        {
            return VrrpVirtualAddress.Parse(words[0], dev, label, scope);
        }
        catch (FormatException ex)
        {
            throw Bad(line, ex.Message);
        }
    }

    public static VrrpTrack ParseTrackInterface(string line)
    {
        var words = (line ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1) return new VrrpTrack(VrrpTrackKind.Interface, words[0]);
        if (words.Length is 3 or 4 && words[1] == "weight" && int.TryParse(words[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w)
            && w is >= -253 and <= 253 && (words.Length == 3 || words[3] == "reverse"))
            return new VrrpTrack(VrrpTrackKind.Interface, words[0], w, words.Length == 4);
        throw new HaToolsException("TrackInterfaceInvalid", HaToolsErrorKind.InvalidArgument,
            $"Track interface '{line}' must be 'IFNAME' or 'IFNAME weight N [reverse]' with N in -253..253.", line);
    }

    private static HaToolsException Bad(string? line, string why) =>
        new("VirtualIPAddressInvalid", HaToolsErrorKind.InvalidArgument, $"Virtual IP address '{line}': {why}.", line);
}
