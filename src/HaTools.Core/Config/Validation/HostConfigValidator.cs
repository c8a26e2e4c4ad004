using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Config;

/// <summary>
/// Checks a config against this host (Import-KeepalivedConfig -Validate): named interfaces exist, and
/// addresses are of the family their instance or service uses. Interface names come from the caller,
/// so tests pass a fixed set.
/// </summary>
public static class HostConfigValidator
{
    public static IReadOnlyList<ConfigDiagnostic> Validate(KeepalivedConfig config, IReadOnlySet<string> interfaces)
    {
        var d = new List<ConfigDiagnostic>();
        void Warn(ConfigObject o, string code, string message) => d.Add(new ConfigDiagnostic(DiagnosticSeverity.Warning, o.SourceFile, o.Line, code, message));
        void Iface(ConfigObject o, string? name, string what)
        {
            if (name != null && !interfaces.Contains(name))
                Warn(o, DiagnosticCodes.HostInterfaceNotFound, $"Interface {name} for {what} doesn't exist on this host.");
        }

        foreach (var v in config.VrrpInstances)
        {
            Iface(v, v.Interface, $"vrrp_instance {v.Name}");
            foreach (var t in v.TrackInterfaces) Iface(t, t.Name, $"track_interface of {v.Name}");
            var family = ConfigValidator.IsIPv6(v) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            foreach (var a in v.VirtualIPAddresses)
            {
                Iface(a, a.Device, $"VIP {a.Address}");
                if (a.Address.AddressFamily != family)
                    Warn(a, DiagnosticCodes.AddressFamilyMismatch, $"({v.Name}) VIP {a.Address} is not of the instance's address family; keepalived ignores it (use virtual_ipaddress_excluded).");
            }
            foreach (var a in v.ExcludedVirtualIPAddresses) Iface(a, a.Device, $"VIP {a.Address}");
            foreach (var r in v.VirtualRoutes) Iface(r, r.Device, "virtual route");
            var src = v.UnicastSourceIP;
            foreach (var p in v.UnicastPeers)
                if (src != null && p.Address.AddressFamily != src.AddressFamily)
                    Warn(p, DiagnosticCodes.AddressFamilyMismatch, $"({v.Name}) unicast_peer {p.Address} and unicast_src_ip {src} are of different families.");
        }
        foreach (var a in config.StaticIpAddresses) Iface(a, a.Device, $"ip address {a.Address}");
        foreach (var r in config.StaticRoutes) Iface(r, r.Device, "static route");
        foreach (var vs in config.VirtualServers)
        {
            if (vs.Address == null) continue;
            foreach (var rs in vs.RealServers)
                if (vs.Method != LvsMethod.Tun && rs.Address.AddressFamily != vs.Address.AddressFamily)
                    Warn(rs, DiagnosticCodes.AddressFamilyMismatch, $"real_server {rs.Address} is not of the family of virtual_server {vs.Address}; only TUN can mix families.");
        }
        return d;
    }

    /// <summary>Interface names of this host.</summary>
    public static IReadOnlySet<string> HostInterfaces() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
}
