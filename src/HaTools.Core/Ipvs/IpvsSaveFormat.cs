using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaTools.Core.Ipvs;

/// <summary>
/// The rules format of `ipvsadm -S -n` / `ipvsadm -R`: one -A line per service followed by its -a lines.
/// Writing is numeric (no host or port names); reading accepts the long option spellings too.
/// </summary>
public static class IpvsSaveFormat
{
    public const uint DefaultPersistenceTimeout = 300;

    public static string Write(IEnumerable<IpvsService> services)
    {
        var sb = new StringBuilder();
        foreach (var s in services)
        {
            sb.Append(FormatService(s, "-A")).Append('\n');
            foreach (var d in s.RealServers)
                sb.Append(FormatRealServer(s, d, "-a")).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>"-t 10.0.0.1:80", "-u [2001:db8::1]:53", "--sctp-service 10.0.0.1:9", "-f 5", "-f 5 -6".</summary>
    public static string FormatServiceKey(IpvsService s)
    {
        if (s.IsFirewallMark)
            return "-f " + s.FirewallMark.ToString(CultureInfo.InvariantCulture) + (s.AddressFamily == AddressFamily.InterNetworkV6 ? " -6" : "");
        var option = s.Protocol switch
        {
            IpvsProtocol.UDP => "-u",
            IpvsProtocol.SCTP => "--sctp-service",
            _ => "-t",
        };
        return option + " " + IpvsService.FormatEndpoint(s.Address, s.Port);
    }

    public static string FormatService(IpvsService s, string command)
    {
        var sb = new StringBuilder();
        sb.Append(command).Append(' ').Append(FormatServiceKey(s)).Append(" -s ").Append(s.Scheduler);
        // Option order as `ipvsadm -S` prints it: -s, -p, -M, --pe, -o, -b.
        if (s.IsPersistent)
        {
            sb.Append(" -p ").Append(s.PersistenceTimeout.ToString(CultureInfo.InvariantCulture));
            if (s.PersistencePrefixLength is { } p && p != s.EffectivePrefixLengthDefault())
            {
                sb.Append(" -M ").Append(s.AddressFamily == AddressFamily.InterNetworkV6
                    ? p.ToString(CultureInfo.InvariantCulture)
                    : new IPAddress(IpvsCodec.NetmaskBytes(AddressFamily.InterNetwork, p)).ToString());
            }
        }
        if (s.PersistenceEngine is { Length: > 0 } pe)
            sb.Append(" --pe ").Append(pe);
        if (s.IsOnePacket)
            sb.Append(" -o");
        var flags = FormatSchedulerFlags(s);
        if (flags.Length > 0)
            sb.Append(" -b ").Append(flags);
        return sb.ToString();
    }

    public static string FormatRealServer(IpvsService s, IpvsRealServer d, string command)
    {
        var sb = new StringBuilder();
        sb.Append(command).Append(' ').Append(FormatServiceKey(s)).Append(" -r ").Append(d.Name).Append(' ')
          .Append(d.ForwardingMethod switch
          {
              IpvsForwardingMethod.Masquerade => "-m",
              IpvsForwardingMethod.Tunnel => "-i",
              _ => "-g",
          })
          .Append(" -w ").Append(d.Weight.ToString(CultureInfo.InvariantCulture));
        if (d.UpperThreshold != 0)
            sb.Append(" -x ").Append(d.UpperThreshold.ToString(CultureInfo.InvariantCulture));
        if (d.LowerThreshold != 0)
            sb.Append(" -y ").Append(d.LowerThreshold.ToString(CultureInfo.InvariantCulture));
        if (d.ForwardingMethod == IpvsForwardingMethod.Tunnel && d.TunnelType != IpvsTunnelType.Ipip)
        {
            sb.Append(" --tun-type ").Append(d.TunnelType.ToString().ToLowerInvariant());
            if (d.TunnelType == IpvsTunnelType.Gue)
                sb.Append(" --tun-port ").Append(d.TunnelPort.ToString(CultureInfo.InvariantCulture));
            sb.Append(d.TunnelFlags switch
            {
                IpvsTunnelFlags.Checksum => " --tun-csum",
                IpvsTunnelFlags.RemoteChecksum => " --tun-remcsum",
                _ => " --tun-nocsum",
            });
        }
        return sb.ToString();
    }

    /// <summary>ipvsadm -b names: sh-fallback/sh-port, mh-fallback/mh-port, else flag-1..3.</summary>
    public static string FormatSchedulerFlags(IpvsService s)
    {
        var names = new List<string>();
        var prefix = s.Scheduler is "sh" or "mh" ? s.Scheduler + "-" : null;
        if ((s.Flags & IpvsServiceFlags.SchedulerFlag1) != 0) names.Add(prefix != null ? prefix + "fallback" : "flag-1");
        if ((s.Flags & IpvsServiceFlags.SchedulerFlag2) != 0) names.Add(prefix != null ? prefix + "port" : "flag-2");
        if ((s.Flags & IpvsServiceFlags.SchedulerFlag3) != 0) names.Add("flag-3");
        return string.Join(",", names);
    }

    private static int EffectivePrefixLengthDefault(this IpvsService s) => s.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>
    /// Reads a rules file into services with their real servers. Every bad line gives a diagnostic
    /// (line number, reason, text); false when there was any.
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<IpvsService> services, out IReadOnlyList<IpvsSaveDiagnostic> diagnostics)
    {
        var list = new List<IpvsService>();
        var diags = new List<IpvsSaveDiagnostic>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (!TryParseLine(line, out var rule, out var error))
            {
                diags.Add(new IpvsSaveDiagnostic(i + 1, error, line));
                continue;
            }
            if (rule.Command == "clear")
                continue;
            var index = list.FindIndex(s => s.HasSameKey(rule.Service));
            if (rule.Command == "add-service")
            {
                if (index >= 0)
                    diags.Add(new IpvsSaveDiagnostic(i + 1, $"service {rule.Service.Name} is defined twice", line));
                else
                    list.Add(rule.Service);
            }
            else
            {
                if (index < 0)
                {
                    diags.Add(new IpvsSaveDiagnostic(i + 1, $"real server for service {rule.Service.Name}, which no earlier -A line defines", line));
                    continue;
                }
                var svc = list[index];
                var server = rule.Server! with
                {
                    Port = rule.ServerPortGiven ? rule.Server!.Port : svc.Port,
                    Service = svc with { RealServers = Array.Empty<IpvsRealServer>() },
                };
                if (svc.RealServers.Any(r => r.HasSameKey(server)))
                {
                    diags.Add(new IpvsSaveDiagnostic(i + 1, $"real server {server.Name} is defined twice in {svc.Name}", line));
                    continue;
                }
                list[index] = svc with { RealServers = svc.RealServers.Append(server).ToList() };
            }
        }
        services = list;
        diagnostics = diags;
        return diags.Count == 0;
    }

    private sealed record Rule(string Command, IpvsService Service, IpvsRealServer? Server, bool ServerPortGiven);

    private static bool TryParseLine(string line, out Rule rule, out string error)
    {
        rule = null!;
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string? command = null;
        IpvsProtocol? protocol = null;
        string? serviceEndpoint = null, serverEndpoint = null;
        uint fwmark = 0;
        var v6 = false;
        string scheduler = "wlc";
        string? schedFlags = null, netmask = null, pe = null, tunType = null;
        uint? persistent = null;
        var onePacket = false;
        var fwd = IpvsForwardingMethod.DirectRouting;
        int weight = 1;
        uint upper = 0, lower = 0;
        ushort tunPort = 0;
        var tunFlags = IpvsTunnelFlags.None;
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            string? Next() => i + 1 < tokens.Length ? tokens[++i] : null;
            bool NextIsValue() => i + 1 < tokens.Length && !tokens[i + 1].StartsWith('-');
            switch (t)
            {
                case "-A" or "--add-service": command = "add-service"; break;
                case "-a" or "--add-server": command = "add-server"; break;
                case "-C" or "--clear": command = "clear"; break;
                case "-t" or "--tcp-service": protocol = IpvsProtocol.TCP; serviceEndpoint = Next(); break;
                case "-u" or "--udp-service": protocol = IpvsProtocol.UDP; serviceEndpoint = Next(); break;
                case "--sctp-service": protocol = IpvsProtocol.SCTP; serviceEndpoint = Next(); break;
                case "-f" or "--fwmark-service":
                    if (!uint.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out fwmark) || fwmark == 0)
                        return Fail(out error, "firewall mark must be a number from 1 to 4294967295");
                    break;
                case "-6" or "--ipv6": v6 = true; break;
                case "-s" or "--scheduler": scheduler = Next() ?? ""; break;
                case "-b" or "--sched-flags": schedFlags = Next(); break;
                case "-p" or "--persistent":
                    persistent = DefaultPersistenceTimeout;
                    if (NextIsValue())
                    {
                        if (!uint.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p == 0)
                            return Fail(out error, "persistence timeout must be a positive number of seconds");
                        persistent = p;
                    }
                    break;
                case "-M" or "--netmask": netmask = Next(); break;
                case "--pe": pe = Next(); break;
                case "-o" or "--ops": onePacket = true; break;
                case "-r" or "--real-server": serverEndpoint = Next(); break;
                case "-g" or "--gatewaying": fwd = IpvsForwardingMethod.DirectRouting; break;
                case "-m" or "--masquerading": fwd = IpvsForwardingMethod.Masquerade; break;
                case "-i" or "--ipip": fwd = IpvsForwardingMethod.Tunnel; break;
                case "-w" or "--weight":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out weight))
                        return Fail(out error, "weight must be a number from 0 to 65535");
                    break;
                case "-x" or "--u-threshold":
                    if (!uint.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out upper))
                        return Fail(out error, "upper threshold must be a number");
                    break;
                case "-y" or "--l-threshold":
                    if (!uint.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out lower))
                        return Fail(out error, "lower threshold must be a number");
                    break;
                case "--tun-type": tunType = Next(); break;
                case "--tun-port":
                    if (!ushort.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out tunPort))
                        return Fail(out error, "tunnel port must be a number from 0 to 65535");
                    break;
                case "--tun-nocsum": tunFlags = IpvsTunnelFlags.None; break;
                case "--tun-csum": tunFlags = IpvsTunnelFlags.Checksum; break;
                case "--tun-remcsum": tunFlags = IpvsTunnelFlags.RemoteChecksum; break;
                default: return Fail(out error, $"unknown option '{t}'");
            }
        }
        if (command == null)
            return Fail(out error, "no command (-A or -a)");
        if (command == "clear")
        {
            rule = new Rule(command, new IpvsService(), null, false);
            error = "";
            return true;
        }
        IpvsService service;
        if (fwmark != 0)
        {
            service = new IpvsService { FirewallMark = fwmark, AddressFamily = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork };
        }
        else
        {
            if (serviceEndpoint == null || protocol == null)
                return Fail(out error, "no service (-t, -u, --sctp-service or -f)");
            if (!TryParseEndpoint(serviceEndpoint, out var address, out var port, out var portGiven) || !portGiven)
                return Fail(out error, $"service address '{serviceEndpoint}' is not an IP address with a port");
            service = new IpvsService { AddressFamily = address.AddressFamily, Protocol = protocol, Address = address, Port = port };
        }
        if (command == "add-service")
        {
            if (!IpvsSchedulers.IsKnown(scheduler))
                return Fail(out error, $"unknown scheduler '{scheduler}'");
            var flags = persistent != null ? IpvsServiceFlags.Persistent : IpvsServiceFlags.None;
            if (onePacket) flags |= IpvsServiceFlags.OnePacket;
            if (schedFlags != null)
            {
                if (!IpvsSchedulers.TryParseFlags(schedFlags, out var sf))
                    return Fail(out error, $"unknown scheduler flags '{schedFlags}'");
                flags |= sf;
            }
            int? prefix = null;
            if (netmask != null)
            {
                if (!TryParseNetmask(netmask, service.AddressFamily, out var p))
                    return Fail(out error, $"netmask '{netmask}' is not valid for the service's family");
                prefix = p;
            }
            service = service with
            {
                Scheduler = scheduler,
                Flags = flags,
                PersistenceTimeout = persistent ?? 0,
                PersistencePrefixLength = prefix,
                PersistenceEngine = pe,
            };
            rule = new Rule(command, service, null, false);
        }
        else
        {
            if (serverEndpoint == null)
                return Fail(out error, "no real server (-r)");
            if (!TryParseEndpoint(serverEndpoint, out var raddr, out var rport, out var rportGiven))
                return Fail(out error, $"real server address '{serverEndpoint}' is not an IP address");
            if (weight > 65535)
                return Fail(out error, "weight must be a number from 0 to 65535");
            var type = IpvsTunnelType.Ipip;
            if (tunType != null && !Enum.TryParse(tunType, ignoreCase: true, out type))
                return Fail(out error, $"unknown tunnel type '{tunType}'");
            rule = new Rule(command, service, new IpvsRealServer
            {
                Address = raddr, Port = rport, ForwardingMethod = fwd, Weight = weight, UpperThreshold = upper, LowerThreshold = lower,
                TunnelType = type, TunnelPort = tunPort, TunnelFlags = tunFlags,
            }, rportGiven);
        }
        error = "";
        return true;
    }

    /// <summary>"10.0.0.1:80", "10.0.0.1", "[2001:db8::1]:80", "[2001:db8::1]".</summary>
    public static bool TryParseEndpoint(string text, out IPAddress address, out ushort port, out bool portGiven)
    {
        address = IPAddress.None;
        port = 0;
        portGiven = false;
        string host = text;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
                return false;
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                    return false;
                portText = rest[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') == colon)
            {
                host = text[..colon];
                portText = text[(colon + 1)..];
            }
        }
        if (!IPAddress.TryParse(host, out var parsed) || parsed.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            return false;
        if (parsed.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') != 3)
            return false;
        address = parsed;
        if (portText != null)
        {
            if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
                return false;
            portGiven = true;
        }
        return true;
    }

    /// <summary>IPv4: a dotted mask with contiguous ones; IPv6: a prefix length 1..128.</summary>
    public static bool TryParseNetmask(string text, AddressFamily family, out int prefix)
    {
        prefix = 0;
        if (family == AddressFamily.InterNetworkV6)
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix is >= 1 and <= 128;
        if (!IPAddress.TryParse(text, out var mask) || mask.AddressFamily != AddressFamily.InterNetwork)
            return false;
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(mask.GetAddressBytes());
        prefix = System.Numerics.BitOperations.PopCount(bits);
        return prefix == 0 ? bits == 0 : bits == uint.MaxValue << (32 - prefix);
    }

    private static bool Fail(out string error, string message)
    {
        error = message;
        return false;
    }
}
