using System.Globalization;
using System.Net;
using System.Text;

namespace HaTools.Core.Config;

/// <summary>
/// Writes config objects back as keepalived.conf text that keepalived 2.2 accepts and that
/// <see cref="KeepalivedConfigParser"/> reads back to equal objects. auth_pass is written exactly.
/// </summary>
public sealed class KeepalivedConfigWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public static string Write(KeepalivedConfig config)
    {
        var w = new KeepalivedConfigWriter();
        w.WriteConfig(config);
        return w._sb.ToString();
    }

    /// <summary>Writes one top-level object (a whole config, or one section such as a vrrp_instance).</summary>
    public static string Write(ConfigObject item)
    {
        var w = new KeepalivedConfigWriter();
        switch (item)
        {
            case KeepalivedConfig c: w.WriteConfig(c); break;
            case GlobalDefsConfig g: w.WriteGlobalDefs(g); break;
            case VrrpScriptConfig s: w.WriteScript(s); break;
            case TrackFileConfig f: w.WriteTrackFile(f); break;
            case TrackProcessConfig p: w.WriteTrackProcess(p); break;
            case VrrpSyncGroupConfig g: w.WriteSyncGroup(g); break;
            case VrrpInstanceConfig v: w.WriteInstance(v); break;
            case VirtualServerGroupConfig g: w.WriteVirtualServerGroup(g); break;
            case VirtualServerConfig vs: w.WriteVirtualServer(vs); break;
            case RealServerConfig rs: w.WriteRealServer(rs); break;
            case ConfigStatement st: w.WriteStatement(st); break;
            default:
                throw new HaToolsException("ConfigObjectNotExportable", HaToolsErrorKind.InvalidArgument,
                    $"A {item.GetType().Name} cannot be written on its own; export the object that contains it.", item);
        }
        return w._sb.ToString();
    }

    /// <summary>Quotes a value when keepalived's tokenizer would otherwise split or alter it.</summary>
    public static string Quote(string s)
    {
        // Leading @ $ ~ and the include keywords mean something to the lexer at the start of a line.
        bool needs = s.Length == 0 || s[0] is '@' or '$' or '~' || s.StartsWith("include", StringComparison.Ordinal);
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || c is '{' or '}' or '"' or '\'' or '#' or '!' or '\\' || c < ' ') { needs = true; break; }
        }
        if (!needs) return s;
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < ' ') sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string T(TimeSpan t) => ConfigValues.FormatTimer(t);

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string B(bool b) => b ? "true" : "false";

    private void Line(string keyword, params string[] args)
    {
        _sb.Append(' ', _indent * 4).Append(keyword);
        foreach (var a in args) _sb.Append(' ').Append(a);
        _sb.Append('\n');
    }

    private void Open(string keyword, params string[] args)
    {
        Line(keyword, [.. args, "{"]);
        _indent++;
    }

    private void Close()
    {
        _indent--;
        _sb.Append(' ', _indent * 4).Append("}\n");
    }

    private void Opt(string keyword, string? value) { if (value != null) Line(keyword, Quote(value)); }

    private void Opt(string keyword, int? value) { if (value is int v) Line(keyword, I(v)); }

    private void Opt(string keyword, TimeSpan? value) { if (value is TimeSpan v) Line(keyword, T(v)); }

    private void Opt(string keyword, IPAddress? value) { if (value != null) Line(keyword, value.ToString()); }

    private void Flag(string keyword, bool value) { if (value) Line(keyword); }

    private void Flag(string keyword, bool? value)
    {
        if (value == true) Line(keyword);
        else if (value == false) Line(keyword, "false");
    }

    private void Others(IEnumerable<ConfigStatement> list)
    {
        foreach (var s in list) WriteStatement(s);
    }

    private void WriteStatement(ConfigStatement s)
    {
        var args = s.Arguments.Select(Quote).ToArray();
        var keyword = Quote(s.Keyword);
        if (s.Children == null) { Line(keyword, args); return; }
        Open(keyword, args);
        foreach (var c in s.Children) WriteStatement(c);
        Close();
    }

    private void WriteConfig(KeepalivedConfig c)
    {
        WriteGlobalDefs(c.GlobalDefs);
        if (c.StaticIpAddresses.Count > 0)
        {
            Open("static_ipaddress");
            foreach (var a in c.StaticIpAddresses) Line(FormatAddress(a));
            Close();
        }
        if (c.StaticRoutes.Count > 0)
        {
            Open("static_routes");
            foreach (var r in c.StaticRoutes) Line(string.Join(' ', r.Words.Select(Quote)));
            Close();
        }
        if (c.StaticRules.Count > 0)
        {
            Open("static_rules");
            foreach (var r in c.StaticRules) Line(string.Join(' ', r.Words.Select(Quote)));
            Close();
        }
        foreach (var s in c.OtherBlocks) WriteStatement(s);
        foreach (var s in c.VrrpScripts) WriteScript(s);
        foreach (var f in c.TrackFiles) WriteTrackFile(f);
        foreach (var p in c.TrackProcesses) WriteTrackProcess(p);
        foreach (var g in c.VrrpSyncGroups) WriteSyncGroup(g);
        foreach (var v in c.VrrpInstances) WriteInstance(v);
        foreach (var g in c.VirtualServerGroups) WriteVirtualServerGroup(g);
        foreach (var vs in c.VirtualServers) WriteVirtualServer(vs);
    }

    private void WriteGlobalDefs(GlobalDefsConfig g)
    {
        Open("global_defs");
        Opt("router_id", g.RouterId);
        if (g.NotificationEmails.Count > 0)
        {
            Open("notification_email");
            foreach (var e in g.NotificationEmails) Line(Quote(e));
            Close();
        }
        Opt("notification_email_from", g.NotificationEmailFrom);
        if (g.SmtpServer != null)
        {
            if (g.SmtpServerPort is int port) Line("smtp_server", Quote(g.SmtpServer), I(port));
            else Line("smtp_server", Quote(g.SmtpServer));
        }
        Opt("smtp_helo_name", g.SmtpHeloName);
        Opt("smtp_connect_timeout", g.SmtpConnectTimeout);
        Flag("smtp_alert", g.SmtpAlert);
        Flag("enable_script_security", g.EnableScriptSecurity);
        if (g.ScriptUser != null)
        {
            if (g.ScriptGroup != null) Line("script_user", Quote(g.ScriptUser), Quote(g.ScriptGroup));
            else Line("script_user", Quote(g.ScriptUser));
        }
        Flag("lvs_flush", g.LvsFlush);
        Opt("vrrp_version", g.VrrpVersion);
        Flag("vrrp_strict", g.VrrpStrict);
        Flag("vrrp_skip_check_adv_addr", g.VrrpSkipCheckAdvAddr);
        Opt("vrrp_mcast_group4", g.VrrpMcastGroup4);
        Opt("vrrp_mcast_group6", g.VrrpMcastGroup6);
        Opt("vrrp_garp_master_delay", g.VrrpGarpMasterDelay);
        Opt("vrrp_garp_master_repeat", g.VrrpGarpMasterRepeat);
        Opt("vrrp_garp_master_refresh", g.VrrpGarpMasterRefresh);
        Opt("vrrp_garp_master_refresh_repeat", g.VrrpGarpMasterRefreshRepeat);
        Opt("vrrp_garp_interval", g.VrrpGarpInterval);
        Opt("vrrp_gna_interval", g.VrrpGnaInterval);
        Flag("vrrp_lower_prio_no_advert", g.VrrpGarpLowerPriorityNoAdvert);
        Flag("vrrp_higher_prio_send_advert", g.VrrpHigherPrioritySendAdvert);
        Flag("dynamic_interfaces", g.DynamicInterfaces);
        Others(g.OtherSettings);
        Close();
    }

    private void WriteScript(VrrpScriptConfig s)
    {
        Open("vrrp_script", Quote(s.Name));
        Opt("script", s.Script);
        Opt("interval", s.Interval);
        Opt("timeout", s.Timeout);
        if (s.Weight is int w) Line("weight", s.WeightReverse ? [I(w), "reverse"] : [I(w)]);
        Opt("rise", s.Rise);
        Opt("fall", s.Fall);
        if (s.User != null) Line("user", s.Group != null ? [Quote(s.User), Quote(s.Group)] : [Quote(s.User)]);
        Flag("init_fail", s.InitFail);
        Others(s.OtherSettings);
        Close();
    }

    private void WriteTrackFile(TrackFileConfig f)
    {
        Open("vrrp_track_file", Quote(f.Name));
        Opt("file", f.File);
        if (f.Weight is int w) Line("weight", f.WeightReverse ? [I(w), "reverse"] : [I(w)]);
        Others(f.OtherSettings);
        Close();
    }

    private void WriteTrackProcess(TrackProcessConfig p)
    {
        Open("vrrp_track_process", Quote(p.Name));
        Opt("process", p.Process);
        if (p.Parameters.Count > 0) Line("parameters", p.Parameters.Select(Quote).ToArray());
        Opt("weight", p.Weight);
        Opt("quorum", p.Quorum);
        Opt("quorum_max", p.QuorumMax);
        Opt("delay", p.Delay);
        Others(p.OtherSettings);
        Close();
    }

    private void TrackBlock(string keyword, IEnumerable<TrackedObjectConfig> list)
    {
        var items = list.ToList();
        if (items.Count == 0) return;
        Open(keyword);
        foreach (var t in items)
        {
            var args = new List<string>();
            if (t.Weight is int w) { args.Add("weight"); args.Add(I(w)); }
            if (t.Reverse) args.Add("reverse");
            Line(Quote(t.Name), args.ToArray());
        }
        Close();
    }

    private void WriteSyncGroup(VrrpSyncGroupConfig g)
    {
        Open("vrrp_sync_group", Quote(g.Name));
        if (g.Group.Count > 0)
        {
            Open("group");
            foreach (var m in g.Group) Line(Quote(m));
            Close();
        }
        Opt("notify_master", g.NotifyMaster);
        Opt("notify_backup", g.NotifyBackup);
        Opt("notify_fault", g.NotifyFault);
        Opt("notify_stop", g.NotifyStop);
        Opt("notify", g.Notify);
        Flag("smtp_alert", g.SmtpAlert);
        Flag("global_tracking", g.GlobalTracking);
        TrackBlock("track_interface", g.TrackInterfaces);
        TrackBlock("track_script", g.TrackScripts);
        TrackBlock("track_file", g.TrackFiles);
        TrackBlock("track_process", g.TrackProcesses);
        Others(g.OtherSettings);
        Close();
    }

    private void WriteInstance(VrrpInstanceConfig v)
    {
        Open("vrrp_instance", Quote(v.Name));
        if (v.State is VrrpState st) Line("state", st == VrrpState.Master ? "MASTER" : "BACKUP");
        Opt("interface", v.Interface);
        if (v.UseVmac) Line("use_vmac", v.VmacName != null ? [Quote(v.VmacName)] : []);
        Flag("vmac_xmit_base", v.VmacXmitBase);
        Opt("virtual_router_id", v.VirtualRouterId);
        Opt("priority", v.Priority);
        Opt("version", v.Version);
        Opt("advert_int", v.AdvertisementInterval);
        Flag("nopreempt", v.NoPreempt);
        Opt("preempt_delay", v.PreemptDelay);
        if (v.Accept == true) Line("accept");
        else if (v.Accept == false) Line("no_accept");
        Opt("mcast_src_ip", v.McastSourceIP);
        Opt("unicast_src_ip", v.UnicastSourceIP);
        if (v.UnicastPeers.Count > 0)
        {
            Open("unicast_peer");
            foreach (var p in v.UnicastPeers)
            {
                var args = new List<string>();
                if (p.MinTtl is int lo) { args.Add("min_ttl"); args.Add(I(lo)); }
                if (p.MaxTtl is int hi) { args.Add("max_ttl"); args.Add(I(hi)); }
                Line(p.Address.ToString(), args.ToArray());
            }
            Close();
        }
        if (v.AuthType != null || v.AuthPass != null)
        {
            Open("authentication");
            if (v.AuthType is VrrpAuthType at) Line("auth_type", at == VrrpAuthType.Ah ? "AH" : "PASS");
            Opt("auth_pass", v.AuthPass);
            Close();
        }
        AddressBlock("virtual_ipaddress", v.VirtualIPAddresses);
        AddressBlock("virtual_ipaddress_excluded", v.ExcludedVirtualIPAddresses);
        if (v.VirtualRoutes.Count > 0)
        {
            Open("virtual_routes");
            foreach (var r in v.VirtualRoutes) Line(string.Join(' ', r.Words.Select(Quote)));
            Close();
        }
        if (v.VirtualRules.Count > 0)
        {
            Open("virtual_rules");
            foreach (var r in v.VirtualRules) Line(string.Join(' ', r.Words.Select(Quote)));
            Close();
        }
        TrackBlock("track_interface", v.TrackInterfaces);
        TrackBlock("track_script", v.TrackScripts);
        TrackBlock("track_file", v.TrackFiles);
        TrackBlock("track_process", v.TrackProcesses);
        Opt("notify_master", v.NotifyMaster);
        Opt("notify_backup", v.NotifyBackup);
        Opt("notify_fault", v.NotifyFault);
        Opt("notify_stop", v.NotifyStop);
        Opt("notify", v.Notify);
        Opt("notify_master_rx_lower_pri", v.NotifyMasterRxLowerPriority);
        Flag("smtp_alert", v.SmtpAlert);
        Opt("garp_master_delay", v.GarpMasterDelay);
        Opt("garp_master_repeat", v.GarpMasterRepeat);
        Opt("garp_master_refresh", v.GarpMasterRefresh);
        Opt("garp_master_refresh_repeat", v.GarpMasterRefreshRepeat);
        Flag("lower_prio_no_advert", v.LowerPriorityNoAdvert);
        Flag("higher_prio_send_advert", v.HigherPrioritySendAdvert);
        Flag("dont_track_primary", v.DontTrackPrimary);
        Flag("skip_check_adv_addr", v.SkipCheckAdvAddr);
        Flag("strict_mode", v.StrictMode);
        Opt("debug", v.Debug);
        Others(v.OtherSettings);
        Close();
    }

    private void AddressBlock(string keyword, IList<VirtualIPAddressConfig> list)
    {
        if (list.Count == 0) return;
        Open(keyword);
        foreach (var a in list) Line(FormatAddress(a));
        Close();
    }

    public static string FormatAddress(VirtualIPAddressConfig a)
    {
        var sb = new StringBuilder(a.Address.ToString());
        if (a.PrefixLength is int p) sb.Append('/').Append(I(p));
        if (a.Broadcast != null) sb.Append(" brd ").Append(Quote(a.Broadcast));
        if (a.Device != null) sb.Append(" dev ").Append(Quote(a.Device));
        if (a.Scope != null) sb.Append(" scope ").Append(Quote(a.Scope));
        if (a.Label != null) sb.Append(" label ").Append(Quote(a.Label));
        if (a.Peer != null)
        {
            sb.Append(" peer ").Append(a.Peer);
            if (a.PeerPrefixLength is int pp) sb.Append('/').Append(I(pp));
        }
        foreach (var o in a.Options) sb.Append(' ').Append(Quote(o));
        if (a.NoTrack) sb.Append(" no_track");
        return sb.ToString();
    }

    private void WriteVirtualServerGroup(VirtualServerGroupConfig g)
    {
        Open("virtual_server_group", Quote(g.Name));
        foreach (var m in g.Members)
        {
            if (m.FirewallMark is int mark) Line("fwmark", I(mark));
            else
            {
                var addr = m.Address + (m.RangeEnd is int r ? "-" + I(r) : "");
                Line(addr, m.Port is int port ? [I(port)] : []);
            }
        }
        Close();
    }

    private static string Method(LvsMethod m) => m switch { LvsMethod.Nat => "NAT", LvsMethod.Dr => "DR", _ => "TUN" };

    private void WriteVirtualServer(VirtualServerConfig vs)
    {
        if (vs.GroupName != null) Open("virtual_server", "group", Quote(vs.GroupName));
        else if (vs.FirewallMark is int mark) Open("virtual_server", "fwmark", I(mark));
        else
        {
            // Nulls stay null on re-import: an invalid head is written as incomplete as it was read.
            var head = new List<string>();
            if (vs.Address != null) head.Add(vs.Address.ToString());
            if (vs.Address != null && vs.Port is int port) head.Add(I(port));
            Open("virtual_server", head.ToArray());
        }
        Opt("delay_loop", vs.DelayLoop);
        Opt("lb_algo", vs.Scheduler);
        if (vs.Method is LvsMethod m) Line("lb_kind", Method(m));
        Opt("persistence_timeout", vs.PersistenceTimeout);
        Opt("persistence_granularity", vs.PersistenceGranularity);
        if (vs.Protocol is IpvsProtocol proto) Line("protocol", proto.ToString().ToUpperInvariant());
        if (vs.SorryServerAddress != null) Line("sorry_server", vs.SorryServerPort is int sp ? [vs.SorryServerAddress.ToString(), I(sp)] : [vs.SorryServerAddress.ToString()]);
        Flag("sorry_server_inhibit", vs.SorryServerInhibit);
        Opt("virtualhost", vs.VirtualHost);
        Flag("alpha", vs.Alpha);
        Flag("omega", vs.Omega);
        Opt("quorum", vs.Quorum);
        Opt("quorum_up", vs.QuorumUp);
        Opt("quorum_down", vs.QuorumDown);
        Opt("hysteresis", vs.Hysteresis);
        Flag("ha_suspend", vs.HaSuspend);
        Flag("inhibit_on_failure", vs.InhibitOnFailure);
        Opt("retry", vs.Retry);
        Opt("delay_before_retry", vs.DelayBeforeRetry);
        Opt("warmup", vs.Warmup);
        Opt("connect_timeout", vs.ConnectTimeout);
        Opt("notify_up", vs.NotifyUp);
        Opt("notify_down", vs.NotifyDown);
        Others(vs.OtherSettings);
        foreach (var rs in vs.RealServers) WriteRealServer(rs);
        Close();
    }

    private void WriteRealServer(RealServerConfig rs)
    {
        Open("real_server", rs.Port is int p ? [rs.Address.ToString(), I(p)] : [rs.Address.ToString()]);
        Opt("weight", rs.Weight);
        Flag("inhibit_on_failure", rs.InhibitOnFailure);
        if (rs.Method is LvsMethod m) Line("lvs_method", Method(m));
        Opt("delay_loop", rs.DelayLoop);
        Opt("retry", rs.Retry);
        Opt("delay_before_retry", rs.DelayBeforeRetry);
        Opt("warmup", rs.Warmup);
        Opt("connect_timeout", rs.ConnectTimeout);
        Flag("smtp_alert", rs.SmtpAlert);
        Opt("notify_up", rs.NotifyUp);
        Opt("notify_down", rs.NotifyDown);
        Others(rs.OtherSettings);
        foreach (var k in rs.Checkers) WriteChecker(k);
        Close();
    }

    private void WriteChecker(CheckerConfig k)
    {
        Open(k.Kind);
        Opt("connect_ip", k.ConnectIP);
        Opt("connect_port", k.ConnectPort);
        Opt("bindto", k.BindTo);
        Opt("bind_port", k.BindPort);
        Opt("bind_if", k.BindInterface);
        Opt("connect_timeout", k.ConnectTimeout);
        Opt("retry", k.Retry);
        Opt("delay_before_retry", k.DelayBeforeRetry);
        Opt("warmup", k.Warmup);
        Opt("delay_loop", k.DelayLoop);
        Opt("fwmark", k.FirewallMark);
        Flag("alpha", k.Alpha);
        switch (k)
        {
            case HttpGetCheckConfig h:
                Opt("virtualhost", h.VirtualHost);
                Opt("http_protocol", h.HttpProtocol);
                if (h is SslGetCheckConfig s) Flag("enable_sni", s.EnableSni);
                foreach (var u in h.Urls)
                {
                    Open("url");
                    Line("path", Quote(u.Path));
                    Opt("digest", u.Digest);
                    if (u.StatusCodes.Count > 0) Line("status_code", u.StatusCodes.Select(r => r.ToString()).ToArray());
                    Opt("virtualhost", u.VirtualHost);
                    Opt("regex", u.Regex);
                    Flag("regex_no_match", u.RegexNoMatch);
                    Others(u.OtherSettings);
                    Close();
                }
                break;
            case SmtpCheckConfig smtp: Opt("helo_name", smtp.HeloName); break;
            case DnsCheckConfig d: Opt("type", d.Type); Opt("name", d.Name); break;
            case MiscCheckConfig m:
                Opt("misc_path", m.Path);
                Opt("misc_timeout", m.Timeout);
                Flag("misc_dynamic", m.Dynamic);
                if (m.User != null) Line("user", m.Group != null ? [Quote(m.User), Quote(m.Group)] : [Quote(m.User)]);
                break;
            case UdpCheckConfig u:
                Opt("payload", u.Payload);
                if (u.RequireReply) Line("require_reply", u.ExpectedReply != null ? [Quote(u.ExpectedReply)] : []);
                break;
            case FileCheckConfig f:
                Opt("track_file", f.TrackFile);
                if (f.Weight is int w) Line("weight", f.WeightReverse ? [I(w), "reverse"] : [I(w)]);
                break;
            case BfdCheckConfig b: Opt("name", b.Name); break;
        }
        Others(k.OtherSettings);
        Close();
    }
}
