using System.Globalization;
using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// Maps the block tree onto the typed model, one section at a time. Depth is fixed by the grammar
/// (virtual_server → real_server → HTTP_GET → url), so plain method calls cannot run away.
/// </summary>
internal sealed class KeepalivedConfigReader
{
    private readonly DiagnosticBag _d;

    public KeepalivedConfigReader(DiagnosticBag diagnostics) => _d = diagnostics;

    public void Read(ConfigNode root, KeepalivedConfig config)
    {
        foreach (var n in root.Children!)
        {
            switch (n.Keyword)
            {
                case "global_defs": ReadGlobalDefs(n, config.GlobalDefs); break;
                case "vrrp_script": config.VrrpScripts.Add(ReadVrrpScript(n)); break;
                case "vrrp_track_file": case "track_file": config.TrackFiles.Add(ReadTrackFile(n)); break;
                case "vrrp_track_process": config.TrackProcesses.Add(ReadTrackProcess(n)); break;
                case "vrrp_sync_group": config.VrrpSyncGroups.Add(ReadSyncGroup(n)); break;
                case "vrrp_instance": config.VrrpInstances.Add(ReadInstance(n)); break;
                case "virtual_server_group": config.VirtualServerGroups.Add(ReadVirtualServerGroup(n)); break;
                case "virtual_server": config.VirtualServers.Add(ReadVirtualServer(n)); break;
                case "static_ipaddress": foreach (var c in Items(n)) if (ReadAddress(c) is { } a) config.StaticIpAddresses.Add(a); break;
                case "static_routes": foreach (var c in Items(n)) config.StaticRoutes.Add(ReadRoute(c)); break;
                case "static_rules": foreach (var c in Items(n)) config.StaticRules.Add(ReadRule(c)); break;
                default:
                    if (ConfigVocabulary.TopLevel.Contains(n.Keyword)) config.OtherBlocks.Add(Verbatim(n));
                    else Unknown(n, ConfigVocabulary.TopLevel);
                    break;
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    private static T At<T>(T obj, ConfigNode n) where T : ConfigObject
    {
        obj.SourceFile = n.File;
        obj.Line = n.Line;
        return obj;
    }

    private void Unknown(ConfigNode n, IEnumerable<string> vocabulary)
    {
        if (!_d.HasRoom)
        {
            _d.Warn(n.File, n.Line, DiagnosticCodes.UnknownKeyword, "");
            return;
        }
        var suggestion = ConfigVocabulary.Suggest(n.Keyword, vocabulary);
        _d.Warn(n.File, n.Line, DiagnosticCodes.UnknownKeyword,
            $"Unknown keyword '{n.Keyword}'" + (suggestion != null ? $"; did you mean '{suggestion}'?" : "; ignored."), n.Text);
    }

    private void Invalid(ConfigNode n, string message) => _d.Warn(n.File, n.Line, DiagnosticCodes.InvalidValue, message, n.Text);

    /// <summary>Children of a block, or nothing (with a diagnostic) when the keyword needed one.</summary>
    private IEnumerable<ConfigNode> Items(ConfigNode n)
    {
        if (n.Children != null) return n.Children;
        _d.Warn(n.File, n.Line, DiagnosticCodes.MissingValue, $"'{n.Keyword}' expects a {{ }} block.", n.Text);
        return [];
    }

    private ConfigStatement Verbatim(ConfigNode n)
    {
        var s = At(new ConfigStatement { Keyword = n.Keyword, Arguments = new ConfigList<string>(n.Args) }, n);
        if (n.Children != null)
        {
            s.Children = new ConfigList<ConfigStatement>();
            foreach (var c in n.Children) s.Children.Add(Verbatim(c));
        }
        return s;
    }

    private void Other(ConfigNode n, HashSet<string> vocabulary, ConfigList<ConfigStatement> other, IEnumerable<string>? suggestFrom = null)
    {
        if (vocabulary.Contains(n.Keyword)) other.Add(Verbatim(n));
        else Unknown(n, suggestFrom ?? vocabulary);
    }

    private string? Arg(ConfigNode n, int i = 0)
    {
        if (i < n.Args.Length) return n.Args[i];
        _d.Warn(n.File, n.Line, DiagnosticCodes.MissingValue, $"'{n.Keyword}' needs a value.", n.Text);
        return null;
    }

    /// <summary>A string value made of all the arguments (scripts may be written unquoted).</summary>
    private string? Text(ConfigNode n) => n.Args.Length == 0 ? Arg(n) : n.Args.Length == 1 ? n.Args[0] : string.Join(' ', n.Args);

    private int? Int(ConfigNode n, long min, long max, int i = 0)
    {
        var s = Arg(n, i);
        if (s == null) return null;
        if (ConfigValues.TryParseInt(s, min, max, out var v)) return v;
        Invalid(n, $"'{n.Keyword}': '{s}' is not an integer in [{min}, {max}]; ignored.");
        return null;
    }

    private TimeSpan? Timer(ConfigNode n, int i = 0)
    {
        var s = Arg(n, i);
        if (s == null) return null;
        if (ConfigValues.TryParseTimer(s, out var t)) return t;
        Invalid(n, $"'{n.Keyword}': '{s}' is not a time in seconds; ignored.");
        return null;
    }

    private IPAddress? Ip(ConfigNode n, int i = 0)
    {
        var s = Arg(n, i);
        if (s == null) return null;
        if (ConfigValues.TryParseIPAddress(s, out var a)) return a;
        Invalid(n, $"'{n.Keyword}': '{s}' is not an IP address; ignored.");
        return null;
    }

    /// <summary>A keyword that is true when present, or takes an optional BOOL.</summary>
    private bool Flag(ConfigNode n)
    {
        if (n.Args.Length == 0) return true;
        if (ConfigValues.TryParseBool(n.Args[0], out var b)) return b;
        Invalid(n, $"'{n.Keyword}': '{n.Args[0]}' is not one of on|off|true|false|yes|no; taken as true.");
        return true;
    }

    private string? Name(ConfigNode n)
    {
        if (n.Args.Length > 0) return n.Args[0];
        _d.Warn(n.File, n.Line, DiagnosticCodes.MissingValue, $"'{n.Keyword}' needs a name.", n.Text);
        return "";
    }

    private TrackedObjectConfig ReadTracked(ConfigNode c)
    {
        var t = At(new TrackedObjectConfig { Name = c.Keyword }, c);
        for (int i = 0; i < c.Args.Length; i++)
        {
            if (c.Args[i] == "weight" && i + 1 < c.Args.Length)
            {
                if (ConfigValues.TryParseInt(c.Args[i + 1], -254, 254, out var w)) t.Weight = w;
                else Invalid(c, $"track weight '{c.Args[i + 1]}' is not an integer in [-254, 254]; ignored.");
                i++;
            }
            else if (c.Args[i] == "reverse") t.Reverse = true;
            else Invalid(c, $"Unexpected '{c.Args[i]}' in track entry; ignored.");
        }
        return t;
    }

    private void ReadTrackList(ConfigNode n, ConfigList<TrackedObjectConfig> list)
    {
        foreach (var c in Items(n)) list.Add(ReadTracked(c));
    }

    // ---- global_defs ---------------------------------------------------------------------

    private void ReadGlobalDefs(ConfigNode n, GlobalDefsConfig g)
    {
        At(g, n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "router_id": g.RouterId = Arg(c); break;
                case "notification_email":
                    foreach (var e in Items(c)) g.NotificationEmails.AddRange(e.Words);
                    break;
                case "notification_email_from": g.NotificationEmailFrom = Arg(c); break;
                case "smtp_server":
                    g.SmtpServer = Arg(c);
                    g.SmtpServerPort = null;
                    if (c.Args.Length > 1) g.SmtpServerPort = Int(c, 1, 65535, 1);
                    break;
                case "smtp_helo_name": g.SmtpHeloName = Arg(c); break;
                case "smtp_connect_timeout": g.SmtpConnectTimeout = Timer(c); break;
                case "smtp_alert": g.SmtpAlert = Flag(c); break;
                case "enable_script_security": g.EnableScriptSecurity = true; break;
                case "script_user":
                    g.ScriptUser = Arg(c);
                    if (c.Args.Length > 1) g.ScriptGroup = c.Args[1];
                    break;
                case "lvs_flush": g.LvsFlush = true; break;
                case "vrrp_version": g.VrrpVersion = Int(c, 2, 3); break;
                case "vrrp_strict": g.VrrpStrict = true; break;
                case "vrrp_skip_check_adv_addr": g.VrrpSkipCheckAdvAddr = Flag(c); break;
                case "vrrp_mcast_group4": g.VrrpMcastGroup4 = Ip(c); break;
                case "vrrp_mcast_group6": g.VrrpMcastGroup6 = Ip(c); break;
                case "vrrp_garp_master_delay": g.VrrpGarpMasterDelay = Timer(c); break;
                case "vrrp_garp_master_repeat": g.VrrpGarpMasterRepeat = Int(c, 0, int.MaxValue); break;
                case "vrrp_garp_master_refresh": g.VrrpGarpMasterRefresh = Timer(c); break;
                case "vrrp_garp_master_refresh_repeat": g.VrrpGarpMasterRefreshRepeat = Int(c, 0, int.MaxValue); break;
                case "vrrp_garp_interval": g.VrrpGarpInterval = Timer(c); break;
                case "vrrp_gna_interval": g.VrrpGnaInterval = Timer(c); break;
                case "vrrp_lower_prio_no_advert": g.VrrpGarpLowerPriorityNoAdvert = Flag(c); break;
                case "vrrp_higher_prio_send_advert": g.VrrpHigherPrioritySendAdvert = Flag(c); break;
                case "dynamic_interfaces": g.DynamicInterfaces = true; break;
                default: Other(c, ConfigVocabulary.GlobalDefs, g.OtherSettings); break;
            }
        }
    }

    // ---- scripts and trackers ------------------------------------------------------------

    private VrrpScriptConfig ReadVrrpScript(ConfigNode n)
    {
        var s = At(new VrrpScriptConfig { Name = Name(n)! }, n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "script": s.Script = Text(c); break;
                case "interval": s.Interval = Timer(c); break;
                case "timeout": s.Timeout = Timer(c); break;
                case "weight":
                    s.Weight = Int(c, -254, 254);
                    s.WeightReverse = s.Weight != null && c.Args.Length > 1 && c.Args[1] == "reverse";
                    break;
                case "rise": s.Rise = Int(c, 1, int.MaxValue); break;
                case "fall": s.Fall = Int(c, 1, int.MaxValue); break;
                case "user":
                    s.User = Arg(c);
                    if (c.Args.Length > 1) s.Group = c.Args[1];
                    break;
                case "init_fail": s.InitFail = true; break;
                default: Other(c, ConfigVocabulary.VrrpScript, s.OtherSettings); break;
            }
        }
        return s;
    }

    private TrackFileConfig ReadTrackFile(ConfigNode n)
    {
        var t = At(new TrackFileConfig { Name = Name(n)! }, n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "file": t.File = Text(c); break;
                case "weight":
                    t.Weight = Int(c, -254, 254);
                    t.WeightReverse = t.Weight != null && c.Args.Length > 1 && c.Args[1] == "reverse";
                    break;
                default: Other(c, ConfigVocabulary.TrackFile, t.OtherSettings); break;
            }
        }
        return t;
    }

    private TrackProcessConfig ReadTrackProcess(ConfigNode n)
    {
        var t = At(new TrackProcessConfig { Name = Name(n)! }, n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "process": t.Process = Arg(c); break;
                case "param_match": case "parameters":
                    if (c.Keyword == "parameters") t.Parameters.AddRange(c.Args);
                    else Other(c, ConfigVocabulary.TrackProcess, t.OtherSettings);
                    break;
                case "weight": t.Weight = Int(c, -254, 254); break;
                case "quorum": t.Quorum = Int(c, 1, 65535); break;
                case "quorum_max": t.QuorumMax = Int(c, 1, 65535); break;
                case "delay": t.Delay = Timer(c); break;
                default: Other(c, ConfigVocabulary.TrackProcess, t.OtherSettings); break;
            }
        }
        return t;
    }

    private VrrpSyncGroupConfig ReadSyncGroup(ConfigNode n)
    {
        var g = At(new VrrpSyncGroupConfig { Name = Name(n)! }, n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "group": foreach (var m in Items(c)) g.Group.AddRange(m.Words); break;
                case "notify_master": g.NotifyMaster = Text(c); break;
                case "notify_backup": g.NotifyBackup = Text(c); break;
                case "notify_fault": g.NotifyFault = Text(c); break;
                case "notify_stop": g.NotifyStop = Text(c); break;
                case "notify": g.Notify = Text(c); break;
                case "smtp_alert": g.SmtpAlert = Flag(c); break;
                case "global_tracking": g.GlobalTracking = true; break;
                case "track_interface": ReadTrackList(c, g.TrackInterfaces); break;
                case "track_script": ReadTrackList(c, g.TrackScripts); break;
                case "track_file": ReadTrackList(c, g.TrackFiles); break;
                case "track_process": ReadTrackList(c, g.TrackProcesses); break;
                default: Other(c, ConfigVocabulary.SyncGroup, g.OtherSettings); break;
            }
        }
        return g;
    }

    // ---- vrrp_instance -------------------------------------------------------------------

    private VrrpInstanceConfig ReadInstance(ConfigNode n)
    {
        var v = At(new VrrpInstanceConfig { Name = Name(n)! }, n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "state":
                    var st = Arg(c);
                    if (st == "MASTER") v.State = VrrpState.Master;
                    else if (st == "BACKUP") v.State = VrrpState.Backup;
                    else if (st != null) Invalid(c, $"state '{st}' is not MASTER or BACKUP; ignored.");
                    break;
                case "interface": v.Interface = Arg(c); break;
                case "virtual_router_id":
                    var id = Arg(c);
                    if (id == null) break;
                    if (ConfigValues.TryParseInt(id, 1, 255, out var vrid)) v.VirtualRouterId = vrid;
                    else _d.Error(c.File, c.Line, DiagnosticCodes.VirtualRouterIdOutOfRange, $"({v.Name}) virtual_router_id '{id}' must be between 1 and 255.", c.Text);
                    break;
                case "priority":
                    var p = Arg(c);
                    if (p == null) break;
                    if (ConfigValues.TryParseInt(p, 1, 255, out var prio)) v.Priority = prio;
                    else _d.Warn(c.File, c.Line, DiagnosticCodes.PriorityOutOfRange, $"({v.Name}) priority '{p}' is outside 1-255; keepalived uses the default 100.", c.Text);
                    break;
                case "advert_int": v.AdvertisementInterval = Timer(c); break;
                case "version": v.Version = Int(c, 2, 3); break;
                case "nopreempt": v.NoPreempt = true; break;
                case "preempt": v.NoPreempt = false; break;
                case "preempt_delay": v.PreemptDelay = Timer(c); break;
                case "accept": v.Accept = true; break;
                case "no_accept": v.Accept = false; break;
                case "unicast_src_ip": v.UnicastSourceIP = Ip(c); break;
                case "unicast_peer":
                    foreach (var pc in Items(c)) if (ReadPeer(pc) is { } peer) v.UnicastPeers.Add(peer);
                    break;
                case "mcast_src_ip": v.McastSourceIP = Ip(c); break;
                case "authentication": ReadAuthentication(c, v); break;
                case "virtual_ipaddress": foreach (var a in Items(c)) if (ReadAddress(a) is { } vip) v.VirtualIPAddresses.Add(vip); break;
                case "virtual_ipaddress_excluded": foreach (var a in Items(c)) if (ReadAddress(a) is { } vip) v.ExcludedVirtualIPAddresses.Add(vip); break;
                case "virtual_routes": foreach (var r in Items(c)) v.VirtualRoutes.Add(ReadRoute(r)); break;
                case "virtual_rules": foreach (var r in Items(c)) v.VirtualRules.Add(ReadRule(r)); break;
                case "track_interface": ReadTrackList(c, v.TrackInterfaces); break;
                case "track_script": ReadTrackList(c, v.TrackScripts); break;
                case "track_file": ReadTrackList(c, v.TrackFiles); break;
                case "track_process": ReadTrackList(c, v.TrackProcesses); break;
                case "notify_master": v.NotifyMaster = Text(c); break;
                case "notify_backup": v.NotifyBackup = Text(c); break;
                case "notify_fault": v.NotifyFault = Text(c); break;
                case "notify_stop": v.NotifyStop = Text(c); break;
                case "notify": v.Notify = Text(c); break;
                case "notify_master_rx_lower_pri": v.NotifyMasterRxLowerPriority = Text(c); break;
                case "smtp_alert": v.SmtpAlert = Flag(c); break;
                case "garp_master_delay": v.GarpMasterDelay = Timer(c); break;
                case "garp_master_repeat": v.GarpMasterRepeat = Int(c, 0, int.MaxValue); break;
                case "garp_master_refresh": v.GarpMasterRefresh = Timer(c); break;
                case "garp_master_refresh_repeat": v.GarpMasterRefreshRepeat = Int(c, 0, int.MaxValue); break;
                case "lower_prio_no_advert": v.LowerPriorityNoAdvert = Flag(c); break;
                case "higher_prio_send_advert": v.HigherPrioritySendAdvert = Flag(c); break;
                case "use_vmac":
                    v.UseVmac = true;
                    v.VmacName = c.Args.Length > 0 ? c.Args[0] : null;
                    break;
                case "vmac_xmit_base": v.VmacXmitBase = true; break;
                case "dont_track_primary": v.DontTrackPrimary = true; break;
                case "skip_check_adv_addr": v.SkipCheckAdvAddr = Flag(c); break;
                case "strict_mode": v.StrictMode = Flag(c); break;
                case "debug": v.Debug = c.Args.Length == 0 ? 1 : Int(c, 0, 4); break;
                default: Other(c, ConfigVocabulary.VrrpInstance, v.OtherSettings); break;
            }
        }
        return v;
    }

    private void ReadAuthentication(ConfigNode n, VrrpInstanceConfig v)
    {
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "auth_type":
                    var t = Arg(c);
                    if (t == "PASS") v.AuthType = VrrpAuthType.Pass;
                    else if (t == "AH") v.AuthType = VrrpAuthType.Ah;
                    else if (t != null) Invalid(c, $"auth_type '{t}' is not PASS or AH; ignored.");
                    break;
                case "auth_pass":
                    v.AuthPass = Text(c);
                    if (v.AuthPass is { Length: > 8 })
                        _d.Warn(c.File, c.Line, DiagnosticCodes.AuthPassTooLong, $"({v.Name}) auth_pass is longer than 8 characters; keepalived truncates it to 8.", "auth_pass ********");
                    break;
                default: Unknown(c, ConfigVocabulary.Authentication); break;
            }
        }
    }

    private UnicastPeerConfig? ReadPeer(ConfigNode c)
    {
        if (!ConfigValues.TryParseIPAddress(c.Keyword, out var a))
        {
            Invalid(c, $"unicast_peer '{c.Keyword}' is not an IP address; ignored.");
            return null;
        }
        var p = At(new UnicastPeerConfig { Address = a }, c);
        for (int i = 0; i + 1 < c.Args.Length; i += 2)
        {
            if (c.Args[i] == "min_ttl" && ConfigValues.TryParseInt(c.Args[i + 1], 0, 255, out var lo)) p.MinTtl = lo;
            else if (c.Args[i] == "max_ttl" && ConfigValues.TryParseInt(c.Args[i + 1], 0, 255, out var hi)) p.MaxTtl = hi;
            else Invalid(c, $"Unexpected '{c.Args[i]}' after unicast_peer address; ignored.");
        }
        if (c.Args.Length % 2 == 1) Invalid(c, $"Unexpected '{c.Args[^1]}' after unicast_peer address; ignored.");
        return p;
    }

    private static readonly HashSet<string> AddressFlagOptions = new(StringComparer.Ordinal) { "home", "nodad", "noprefixroute", "autojoin", "-nodad" };
    private static readonly HashSet<string> AddressValueOptions = new(StringComparer.Ordinal) { "track_group", "preferred_lft", "metric" };

    private VirtualIPAddressConfig? ReadAddress(ConfigNode c)
    {
        if (!ConfigValues.TryParsePrefix(c.Keyword, out var addr, out var prefix))
        {
            Invalid(c, $"'{c.Keyword}' is not an IP address (with optional /prefix); ignored.");
            return null;
        }
        var a = At(new VirtualIPAddressConfig { Address = addr, PrefixLength = prefix }, c);
        var args = c.Args;
        for (int i = 0; i < args.Length; i++)
        {
            var w = args[i];
            bool hasValue = i + 1 < args.Length;
            switch (w)
            {
                case "brd" when hasValue: a.Broadcast = args[++i]; break;
                case "dev" when hasValue: a.Device = args[++i]; break;
                case "scope" when hasValue: a.Scope = args[++i]; break;
                case "label" when hasValue: a.Label = args[++i]; break;
                case "peer" when hasValue:
                    if (ConfigValues.TryParsePrefix(args[i + 1], out var peer, out var pp)) { a.Peer = peer; a.PeerPrefixLength = pp; }
                    else Invalid(c, $"peer '{args[i + 1]}' is not an IP address; ignored.");
                    i++;
                    break;
                case "no_track": a.NoTrack = true; break;
                default:
                    if (AddressFlagOptions.Contains(w)) a.Options.Add(w);
                    else if (AddressValueOptions.Contains(w) && hasValue) { a.Options.Add(w); a.Options.Add(args[++i]); }
                    else Invalid(c, $"Unknown address option '{w}'; ignored.");
                    break;
            }
        }
        return a;
    }

    private static readonly HashSet<string> RouteTypes = new(StringComparer.Ordinal) { "blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "unicast", "anycast", "multicast", "nat" };

    private VirtualRouteConfig ReadRoute(ConfigNode c)
    {
        var r = At(new VirtualRouteConfig { Words = new ConfigList<string>(c.Words) }, c);
        var w = r.Words;
        for (int i = 0; i < w.Count; i++)
        {
            bool next = i + 1 < w.Count;
            switch (w[i])
            {
                case "to" when next: r.Destination = w[++i]; break;
                case "via" when next: case "gw" when next:
                    if (ConfigValues.TryParseIPAddress(w[i + 1], out var gw)) r.Gateway = gw; else if (w[i + 1] != "inet6" && w[i + 1] != "inet") Invalid(c, $"route gateway '{w[i + 1]}' is not an IP address.");
                    i++;
                    break;
                case "src" when next:
                    if (ConfigValues.TryParseIPAddress(w[i + 1], out var src)) r.Source = src; else Invalid(c, $"route source '{w[i + 1]}' is not an IP address.");
                    i++;
                    break;
                case "dev" when next: case "oif" when next: r.Device = w[++i]; break;
                case "table" when next: r.Table = w[++i]; break;
                case "metric" when next: case "priority" when next: case "preference" when next:
                    if (ConfigValues.TryParseInt(w[i + 1], 0, uint.MaxValue >> 1, out var m)) r.Metric = m;
                    i++;
                    break;
                default:
                    if (r.Destination == null && !RouteTypes.Contains(w[i]) && (w[i] == "default" || w[i].Contains('.') || w[i].Contains(':'))) r.Destination = w[i];
                    break;
            }
        }
        return r;
    }

    private VirtualRuleConfig ReadRule(ConfigNode c)
    {
        var r = At(new VirtualRuleConfig { Words = new ConfigList<string>(c.Words) }, c);
        var w = r.Words;
        for (int i = 0; i + 1 < w.Count; i++)
        {
            switch (w[i])
            {
                case "from": r.From = w[++i]; break;
                case "to": r.To = w[++i]; break;
                case "table": case "lookup": r.Table = w[++i]; break;
                case "priority": case "preference": case "pref":
                    if (ConfigValues.TryParseInt(w[i + 1], 0, uint.MaxValue >> 1, out var p)) r.Priority = p;
                    i++;
                    break;
            }
        }
        return r;
    }

    // ---- LVS -----------------------------------------------------------------------------

    private VirtualServerGroupConfig ReadVirtualServerGroup(ConfigNode n)
    {
        var g = At(new VirtualServerGroupConfig { Name = Name(n)! }, n);
        foreach (var c in Items(n))
        {
            var m = At(new VirtualServerGroupMemberConfig(), c);
            if (c.Keyword == "fwmark")
            {
                m.FirewallMark = Int(c, 1, uint.MaxValue >> 1);
                if (m.FirewallMark != null) g.Members.Add(m);
                continue;
            }
            var addr = c.Keyword;
            int dash = addr.LastIndexOf('-');
            if (dash > 0)
            {
                if (ConfigValues.TryParseInt(addr[(dash + 1)..], 0, 65535, out var end)) m.RangeEnd = end;
                else { Invalid(c, $"'{addr}' is not an address range; ignored."); continue; }
                addr = addr[..dash];
            }
            if (!ConfigValues.TryParseIPAddress(addr, out var ip)) { Invalid(c, $"'{c.Keyword}' is not an IP address; ignored."); continue; }
            m.Address = ip;
            if (c.Args.Length > 0) m.Port = Int(c, 0, 65535);
            g.Members.Add(m);
        }
        return g;
    }

    private VirtualServerConfig ReadVirtualServer(ConfigNode n)
    {
        var vs = At(new VirtualServerConfig(), n);
        if (n.Args.Length >= 2 && n.Args[0] == "fwmark") vs.FirewallMark = Int(n, 1, uint.MaxValue >> 1, 1);
        else if (n.Args.Length >= 2 && n.Args[0] == "group") vs.GroupName = n.Args[1];
        else if (n.Args.Length >= 1)
        {
            vs.Address = Ip(n, 0);
            if (n.Args.Length > 1 && vs.Address != null) vs.Port = Int(n, 0, 65535, 1);
            else _d.Warn(n.File, n.Line, DiagnosticCodes.MissingValue, "virtual_server needs 'IP PORT', 'fwmark N' or 'group NAME'.", n.Text);
        }
        else _d.Warn(n.File, n.Line, DiagnosticCodes.MissingValue, "virtual_server needs 'IP PORT', 'fwmark N' or 'group NAME'.", n.Text);

        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "delay_loop": vs.DelayLoop = Timer(c); break;
                case "lb_algo": case "lvs_sched": vs.Scheduler = Arg(c); break;
                case "lb_kind": case "lvs_method": vs.Method = Method(c); break;
                case "persistence_timeout": vs.PersistenceTimeout = c.Args.Length == 0 ? 360 : Int(c, 1, uint.MaxValue >> 1); break;
                case "persistence_granularity": vs.PersistenceGranularity = Arg(c); break;
                case "protocol":
                    var p = Arg(c);
                    vs.Protocol = p switch { "TCP" => IpvsProtocol.Tcp, "UDP" => IpvsProtocol.Udp, "SCTP" => IpvsProtocol.Sctp, _ => null };
                    if (p != null && vs.Protocol == null) Invalid(c, $"protocol '{p}' is not TCP, UDP or SCTP; ignored.");
                    break;
                case "sorry_server":
                    vs.SorryServerAddress = Ip(c, 0);
                    vs.SorryServerPort = null;
                    if (c.Args.Length > 1 && vs.SorryServerAddress != null) vs.SorryServerPort = Int(c, 0, 65535, 1);
                    break;
                case "sorry_server_inhibit": vs.SorryServerInhibit = Flag(c); break;
                case "virtualhost": vs.VirtualHost = Arg(c); break;
                case "alpha": vs.Alpha = Flag(c); break;
                case "omega": vs.Omega = Flag(c); break;
                case "quorum": vs.Quorum = Int(c, 0, uint.MaxValue >> 1); break;
                case "quorum_up": vs.QuorumUp = Text(c); break;
                case "quorum_down": vs.QuorumDown = Text(c); break;
                case "hysteresis": vs.Hysteresis = Int(c, 0, uint.MaxValue >> 1); break;
                case "ha_suspend": vs.HaSuspend = Flag(c); break;
                case "inhibit_on_failure": vs.InhibitOnFailure = Flag(c); break;
                case "retry": vs.Retry = Int(c, 0, int.MaxValue); break;
                case "delay_before_retry": vs.DelayBeforeRetry = Timer(c); break;
                case "warmup": vs.Warmup = Timer(c); break;
                case "connect_timeout": vs.ConnectTimeout = Timer(c); break;
                case "notify_up": vs.NotifyUp = Text(c); break;
                case "notify_down": vs.NotifyDown = Text(c); break;
                case "real_server": vs.RealServers.Add(ReadRealServer(c)); break;
                default: Other(c, ConfigVocabulary.VirtualServer, vs.OtherSettings); break;
            }
        }
        return vs;
    }

    private LvsMethod? Method(ConfigNode c)
    {
        var m = Arg(c);
        switch (m)
        {
            case "NAT": return LvsMethod.Nat;
            case "DR": return LvsMethod.Dr;
            case "TUN": return LvsMethod.Tun;
            case null: return null;
            default: Invalid(c, $"'{c.Keyword} {m}' is not NAT, DR or TUN; ignored."); return null;
        }
    }

    private RealServerConfig ReadRealServer(ConfigNode n)
    {
        var rs = At(new RealServerConfig(), n);
        if (n.Args.Length > 0 && ConfigValues.TryParseIPAddress(n.Args[0], out var a)) rs.Address = a;
        else Invalid(n, "real_server needs an IP address; ignored.");
        if (n.Args.Length > 1) rs.Port = Int(n, 0, 65535, 1);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "weight": rs.Weight = Int(c, 0, 65535); break;
                case "inhibit_on_failure": rs.InhibitOnFailure = Flag(c); break;
                case "notify_up": rs.NotifyUp = Text(c); break;
                case "notify_down": rs.NotifyDown = Text(c); break;
                case "lvs_method": rs.Method = Method(c); break;
                case "delay_loop": rs.DelayLoop = Timer(c); break;
                case "retry": rs.Retry = Int(c, 0, int.MaxValue); break;
                case "delay_before_retry": rs.DelayBeforeRetry = Timer(c); break;
                case "warmup": rs.Warmup = Timer(c); break;
                case "connect_timeout": rs.ConnectTimeout = Timer(c); break;
                case "smtp_alert": rs.SmtpAlert = Flag(c); break;
                case "TCP_CHECK": rs.Checkers.Add(ReadChecker(c, new TcpCheckConfig(), ConfigVocabulary.TcpCheck)); break;
                case "PING_CHECK": rs.Checkers.Add(ReadChecker(c, new PingCheckConfig(), ConfigVocabulary.PingCheck)); break;
                case "HTTP_GET": rs.Checkers.Add(ReadChecker(c, new HttpGetCheckConfig(), ConfigVocabulary.HttpGet)); break;
                case "SSL_GET": rs.Checkers.Add(ReadChecker(c, new SslGetCheckConfig(), ConfigVocabulary.SslGet)); break;
                case "SMTP_CHECK": rs.Checkers.Add(ReadChecker(c, new SmtpCheckConfig(), ConfigVocabulary.SmtpCheck)); break;
                case "DNS_CHECK": rs.Checkers.Add(ReadChecker(c, new DnsCheckConfig(), ConfigVocabulary.DnsCheck)); break;
                case "MISC_CHECK": rs.Checkers.Add(ReadChecker(c, new MiscCheckConfig(), ConfigVocabulary.MiscCheck)); break;
                case "UDP_CHECK": rs.Checkers.Add(ReadChecker(c, new UdpCheckConfig(), ConfigVocabulary.UdpCheck)); break;
                case "FILE_CHECK": rs.Checkers.Add(ReadChecker(c, new FileCheckConfig(), ConfigVocabulary.FileCheck)); break;
                case "BFD_CHECK": rs.Checkers.Add(ReadChecker(c, new BfdCheckConfig(), ConfigVocabulary.BfdCheck)); break;
                default: Other(c, ConfigVocabulary.RealServer, rs.OtherSettings); break;
            }
        }
        return rs;
    }

    private CheckerConfig ReadChecker(ConfigNode n, CheckerConfig k, HashSet<string> specific)
    {
        At(k, n);
        if (n.Children == null) return k; // "TCP_CHECK" with no block is valid: all defaults.
        foreach (var c in n.Children)
        {
            if (ReadCommonCheckerKeyword(c, k)) continue;
            bool handled = k switch
            {
                HttpGetCheckConfig h => ReadHttpKeyword(c, h),
                SmtpCheckConfig s => c.Keyword == "helo_name" && Set(() => s.HeloName = Arg(c)),
                DnsCheckConfig d => c.Keyword switch { "type" => Set(() => d.Type = Arg(c)), "name" => Set(() => d.Name = Arg(c)), _ => false },
                MiscCheckConfig m => c.Keyword switch
                {
                    "misc_path" => Set(() => m.Path = Text(c)),
                    "misc_timeout" => Set(() => m.Timeout = Timer(c)),
                    "misc_dynamic" => Set(() => m.Dynamic = Flag(c)),
                    "user" => Set(() => { m.User = Arg(c); m.Group = c.Args.Length > 1 ? c.Args[1] : null; }),
                    _ => false,
                },
                UdpCheckConfig u => c.Keyword switch
                {
                    "payload" => Set(() => u.Payload = Arg(c)),
                    "require_reply" => Set(() => { u.RequireReply = true; u.ExpectedReply = c.Args.Length > 0 ? c.Args[0] : null; }),
                    _ => false,
                },
                FileCheckConfig f => c.Keyword switch
                {
                    "track_file" => Set(() => f.TrackFile = Arg(c)),
                    "weight" => Set(() => { f.Weight = Int(c, -254, 254); f.WeightReverse = f.Weight != null && c.Args.Length > 1 && c.Args[1] == "reverse"; }),
                    _ => false,
                },
                BfdCheckConfig b => c.Keyword == "name" && Set(() => b.Name = Arg(c)),
                _ => false,
            };
            if (!handled) Other(c, specific, k.OtherSettings, specific.Concat(ConfigVocabulary.CheckerCommon));
        }
        return k;
    }

    private static bool Set(Action a)
    {
        a();
        return true;
    }

    private bool ReadCommonCheckerKeyword(ConfigNode c, CheckerConfig k)
    {
        switch (c.Keyword)
        {
            case "connect_ip": k.ConnectIP = Ip(c); return true;
            case "connect_port": k.ConnectPort = Int(c, 0, 65535); return true;
            case "bindto": k.BindTo = Ip(c); return true;
            case "bind_port": k.BindPort = Int(c, 0, 65535); return true;
            case "bind_if": k.BindInterface = Arg(c); return true;
            case "connect_timeout": k.ConnectTimeout = Timer(c); return true;
            case "retry": k.Retry = Int(c, 0, int.MaxValue); return true;
            case "nb_get_retry":
                // keepalived 2.2 no longer knows nb_get_retry (it ignores it); older configs meant retry.
                _d.Warn(c.File, c.Line, DiagnosticCodes.ObsoleteKeyword, "'nb_get_retry' is obsolete and ignored by keepalived 2.2; read as 'retry' (written back as 'retry').", c.Text);
                k.Retry = Int(c, 0, int.MaxValue);
                return true;
            case "delay_before_retry": k.DelayBeforeRetry = Timer(c); return true;
            case "warmup": k.Warmup = Timer(c); return true;
            case "delay_loop": k.DelayLoop = Timer(c); return true;
            case "fwmark": k.FirewallMark = Int(c, 1, uint.MaxValue >> 1); return true;
            case "alpha": k.Alpha = Flag(c); return true;
            default: return false;
        }
    }

    private bool ReadHttpKeyword(ConfigNode c, HttpGetCheckConfig h)
    {
        switch (c.Keyword)
        {
            case "url": h.Urls.Add(ReadUrl(c)); return true;
            case "virtualhost": h.VirtualHost = Arg(c); return true;
            case "http_protocol": h.HttpProtocol = Arg(c); return true;
            case "enable_sni" when h is SslGetCheckConfig s: s.EnableSni = Flag(c); return true;
            default: return false;
        }
    }

    private HttpUrlConfig ReadUrl(ConfigNode n)
    {
        var u = At(new HttpUrlConfig(), n);
        foreach (var c in Items(n))
        {
            switch (c.Keyword)
            {
                case "path": u.Path = Text(c) ?? "/"; break;
                case "digest":
                    var d = Arg(c);
                    if (d != null && (d.Length != 32 || !d.All(char.IsAsciiHexDigit))) Invalid(c, $"digest '{d}' is not 32 hex digits (an MD5 as genhash prints it).");
                    u.Digest = d?.ToLowerInvariant();
                    break;
                case "status_code":
                    foreach (var s in c.Args) if (ReadStatus(c, s) is { } r) u.StatusCodes.Add(r);
                    break;
                case "virtualhost": u.VirtualHost = Arg(c); break;
                case "regex": u.Regex = Text(c); break;
                case "regex_no_match": u.RegexNoMatch = true; break;
                default: Other(c, ConfigVocabulary.Url, u.OtherSettings); break;
            }
        }
        return u;
    }

    private StatusCodeRange? ReadStatus(ConfigNode c, string s)
    {
        int dash = s.IndexOf('-');
        if (dash < 0 && ConfigValues.TryParseInt(s, 100, 599, out var code)) return new StatusCodeRange(code, code);
        if (dash > 0 && ConfigValues.TryParseInt(s[..dash], 100, 599, out var lo) && ConfigValues.TryParseInt(s[(dash + 1)..], 100, 599, out var hi) && lo <= hi)
            return new StatusCodeRange(lo, hi);
        Invalid(c, $"status_code '{s}' is not a code or range within 100-599; ignored.");
        return null;
    }
}
