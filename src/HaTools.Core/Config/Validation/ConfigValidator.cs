using System.Globalization;
using System.Net.Sockets;

namespace HaTools.Core.Config;

/// <summary>
/// Cross-object checks keepalived makes after reading: references resolve, VRIDs are unique per
/// interface and family, advert_int suits the VRRP version. Severities follow what `keepalived -t` does.
/// </summary>
internal static class ConfigValidator
{
    public static void Validate(KeepalivedConfig c, DiagnosticBag d)
    {
        var scripts = c.VrrpScripts.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var files = c.TrackFiles.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var processes = c.TrackProcesses.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var instances = new Dictionary<string, VrrpInstanceConfig>(StringComparer.Ordinal);
        var vrids = new Dictionary<(string, int, bool), VrrpInstanceConfig>();

        foreach (var v in c.VrrpInstances)
        {
            if (!instances.TryAdd(v.Name, v))
                d.Error(v.SourceFile, v.Line, DiagnosticCodes.DuplicateName, $"vrrp_instance {v.Name} is defined twice.");
            if (v.VirtualRouterId == null && !HasDiagnostic(d, v, DiagnosticCodes.VirtualRouterIdOutOfRange))
                d.Error(v.SourceFile, v.Line, DiagnosticCodes.VirtualRouterIdMissing, $"({v.Name}) the virtual router id must be set.");
            if (v.Interface == null)
                d.Warn(v.SourceFile, v.Line, DiagnosticCodes.InterfaceMissing, $"({v.Name}) no interface given; keepalived uses the default interface.");
            if (v.VirtualIPAddresses.Count == 0)
                d.Warn(v.SourceFile, v.Line, DiagnosticCodes.NoVirtualIPAddress, $"({v.Name}) no VIP specified; at least one is sensible.");
            CheckAdvertInterval(v, c.GlobalDefs.VrrpVersion, d);
            CheckTracks(v.Name, v.TrackScripts, scripts, "script", DiagnosticCodes.TrackScriptNotFound, d);
            CheckTracks(v.Name, v.TrackFiles, files, "file", DiagnosticCodes.TrackFileNotFound, d);
            CheckTracks(v.Name, v.TrackProcesses, processes, "process", DiagnosticCodes.TrackProcessNotFound, d);

            if (v.VirtualRouterId is int id && v.Interface != null)
            {
                bool v6 = IsIPv6(v);
                if (vrids.TryGetValue((v.Interface, id, v6), out var other))
                    d.Error(v.SourceFile, v.Line, DiagnosticCodes.DuplicateVirtualRouterId,
                        $"{other.Name} and {v.Name} both use VRID {id} with {(v6 ? "IPv6" : "IPv4")} on interface {v.Interface}.");
                else vrids[(v.Interface, id, v6)] = v;
            }
        }

        var inGroup = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in c.VrrpSyncGroups)
        {
            foreach (var m in g.Group)
            {
                if (!instances.ContainsKey(m))
                    d.Warn(g.SourceFile, g.Line, DiagnosticCodes.SyncGroupMemberNotFound, $"Virtual router {m} specified in sync group {g.Name} doesn't exist; ignored.");
                else if (inGroup.TryGetValue(m, out var first))
                    d.Warn(g.SourceFile, g.Line, DiagnosticCodes.DuplicateName, $"vrrp_instance {m} is in sync groups {first} and {g.Name}; keepalived keeps the first.");
                else inGroup[m] = g.Name;
            }
            CheckTracks(g.Name, g.TrackScripts, scripts, "script", DiagnosticCodes.TrackScriptNotFound, d);
            CheckTracks(g.Name, g.TrackFiles, files, "file", DiagnosticCodes.TrackFileNotFound, d);
            CheckTracks(g.Name, g.TrackProcesses, processes, "process", DiagnosticCodes.TrackProcessNotFound, d);
        }

        var groups = c.VirtualServerGroups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var vs in c.VirtualServers)
        {
            if (vs.FirewallMark != null && vs.Protocol != null)
                d.Warn(vs.SourceFile, vs.Line, DiagnosticCodes.ProtocolIgnored, $"virtual_server fwmark {vs.FirewallMark}: protocol specified for fwmark - protocol will be ignored.");
            // DR and TUN cannot rewrite the port: keepalived resets the real server's port to the service's.
            if (vs.Port is int vport && vport != 0 && vs.Method is LvsMethod.Dr or LvsMethod.Tun)
                foreach (var rs in vs.RealServers)
                    if (rs.Port is int rport && rport != vport)
                        d.Warn(rs.SourceFile, rs.Line, DiagnosticCodes.PortMismatch,
                            $"virtual server {vs.Key} and real server {rs.Address}:{rport} ports don't match; with {vs.Method.ToString()!.ToUpperInvariant()} keepalived uses port {vport}.");
            if (vs.GroupName != null && !groups.Contains(vs.GroupName))
                d.Warn(vs.SourceFile, vs.Line, DiagnosticCodes.VirtualServerGroupNotFound, $"virtual_server group {vs.GroupName} is not defined by any virtual_server_group.");
            foreach (var rs in vs.RealServers)
                foreach (var k in rs.Checkers.OfType<FileCheckConfig>())
                    if (k.TrackFile != null && !files.Contains(k.TrackFile))
                        d.Warn(k.SourceFile, k.Line, DiagnosticCodes.TrackFileNotFound, $"FILE_CHECK track_file {k.TrackFile} is not defined.");
        }
    }

    internal static bool IsIPv6(VrrpInstanceConfig v)
    {
        var first = v.VirtualIPAddresses.FirstOrDefault()?.Address ?? v.UnicastSourceIP ?? v.McastSourceIP;
        return first?.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool HasDiagnostic(DiagnosticBag d, ConfigObject o, string code) =>
        d.Items.Any(x => x.Code == code && x.File == o.SourceFile && x.Line >= o.Line);

    private static void CheckAdvertInterval(VrrpInstanceConfig v, int? globalVersion, DiagnosticBag d)
    {
        if (v.AdvertisementInterval is not TimeSpan t) return;
        int version = v.Version ?? globalVersion ?? 2;
        var seconds = (decimal)t.Ticks / TimeSpan.TicksPerSecond;
        var shown = seconds.ToString(CultureInfo.InvariantCulture);
        if (version == 2)
        {
            // RFC 3768 §5.3.7: whole seconds, 8-bit field.
            if (seconds != decimal.Truncate(seconds) || seconds < 1 || seconds > 255)
                d.Warn(v.SourceFile, v.Line, DiagnosticCodes.AdvertIntInvalidForVersion,
                    $"({v.Name}) VRRPv2 advertisement interval {shown}s must be a whole number of seconds in 1-255; keepalived rounds it.");
        }
        else
        {
            // RFC 5798 §5.2.7: 12-bit field in centiseconds.
            var cs = seconds * 100;
            if (cs != decimal.Truncate(cs) || cs < 1 || cs > 4095)
                d.Warn(v.SourceFile, v.Line, DiagnosticCodes.AdvertIntInvalidForVersion,
                    $"({v.Name}) VRRPv3 advertisement interval {shown}s must be a multiple of 0.01s in 0.01-40.95; keepalived adjusts it.");
        }
    }

    private static void CheckTracks(string owner, IEnumerable<TrackedObjectConfig> tracks, HashSet<string> defined, string kind, string code, DiagnosticBag d)
    {
        foreach (var t in tracks)
            if (!defined.Contains(t.Name))
                d.Warn(t.SourceFile, t.Line, code, $"({owner}) track {kind} {t.Name} not found; ignored.");
    }
}
