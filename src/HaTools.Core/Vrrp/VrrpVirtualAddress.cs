using System.Net;

namespace HaTools.Core.Vrrp;

/// <summary>A virtual_ipaddress entry: address/prefix with optional dev, label and scope (keepalived.conf(5)).</summary>
public sealed record VrrpVirtualAddress(IPAddress Address, int PrefixLength, string? Device = null, string? Label = null, string? Scope = null)
{
    /// <summary>Parses "10.0.0.1/24" or "fd00::1/64"; a bare address gets /32 or /128 like keepalived.</summary>
    public static VrrpVirtualAddress Parse(string cidr, string? device = null, string? label = null, string? scope = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cidr);
        int slash = cidr.IndexOf('/');
        IPAddress address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        int max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        int prefix = slash < 0 ? max : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (prefix < 0 || prefix > max)
        {
            throw new FormatException($"Prefix length {prefix} is out of range for {address}.");
        }

        return new VrrpVirtualAddress(address, prefix, device, label, scope);
    }

    public override string ToString() =>
        $"{Address}/{PrefixLength}{(Device is null ? string.Empty : " dev " + Device)}{(Label is null ? string.Empty : " label " + Label)}{(Scope is null ? string.Empty : " scope " + Scope)}";
}
