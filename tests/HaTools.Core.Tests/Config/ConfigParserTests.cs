using System.Net;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>Typed model and diagnostics, checked against what `keepalived -t` reports for the same input.</summary>
public class ConfigParserTests
{
    private static KeepalivedConfig P(string s) => ConfigAssets.Parse(s);

    private const string Instance = """
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 5
            priority 100
            virtual_ipaddress {
                10.0.0.1/24
            }
            XX
        }
        """;

    private static KeepalivedConfig WithLine(string line) => P(Instance.Replace("XX", line));

    [Fact]
    public void Keepalived_sample_conf_reads_into_typed_objects()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("samples/sample.conf"));
        Assert.Equal("LVS_DEVEL", c.GlobalDefs.RouterId);
        Assert.Equal(["acassen"], c.GlobalDefs.NotificationEmails);
        Assert.Equal("192.168.200.1", c.GlobalDefs.SmtpServer);
        Assert.Equal(TimeSpan.FromSeconds(30), c.GlobalDefs.SmtpConnectTimeout);
        var vi = c.VrrpInstances[0];
        Assert.Equal(("VI_1", null, "eth0", 50, 100, true), (vi.Name, vi.State, vi.Interface, vi.VirtualRouterId, vi.Priority, vi.NoPreempt));
        Assert.Equal(TimeSpan.FromSeconds(1), vi.AdvertisementInterval);
        Assert.Equal(["192.168.200.11", "192.168.200.12", "192.168.200.13"], vi.VirtualIPAddresses.Select(a => a.Address.ToString()));
        var vs = c.VirtualServers[0];
        Assert.Equal((IPAddress.Parse("10.10.10.2"), 1358), (vs.Address, vs.Port!.Value));
        Assert.Equal(("rr", LvsMethod.Nat, IpvsProtocol.Tcp, 50), (vs.Scheduler, vs.Method!.Value, vs.Protocol!.Value, vs.PersistenceTimeout!.Value));
        Assert.Equal(TimeSpan.FromSeconds(6), vs.DelayLoop);
        Assert.Equal((IPAddress.Parse("192.168.200.200"), 1358), (vs.SorryServerAddress, vs.SorryServerPort!.Value));
        var http = Assert.IsType<HttpGetCheckConfig>(vs.RealServers[0].Checkers[0]);
        Assert.Equal("/testurl3/test.jsp", http.Urls[0].Path);
        Assert.Equal("640205b7b0fc66c1ea91c463fac6334d", http.Urls[0].Digest);
        Assert.Equal(TimeSpan.FromSeconds(3), http.ConnectTimeout);
        Assert.Equal(3, http.Retry);
    }

    [Fact]
    public void Real_world_lvs_dr_pair_reads_with_tcp_checks_and_sync_group()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("examples/lvs-dr-pair/director-a.conf"));
        Assert.Empty(c.Diagnostics);
        Assert.Equal(["VI_LVS", "VI_GW"], c.VrrpSyncGroups[0].Group);
        Assert.True(c.VrrpInstances[0].NoPreempt);
        Assert.Equal(IPAddress.Parse("192.0.2.3"), c.VrrpInstances[0].UnicastPeers[0].Address);
        var vs = c.VirtualServers[0];
        Assert.Equal((LvsMethod.Dr, "wlc", 300), (vs.Method!.Value, vs.Scheduler, vs.PersistenceTimeout!.Value));
        Assert.Equal((IPAddress.Parse("192.0.2.250"), 80), (vs.SorryServerAddress, vs.SorryServerPort!.Value));
        Assert.True(vs.RealServers[0].InhibitOnFailure);
        var tcp = Assert.IsType<TcpCheckConfig>(vs.RealServers[0].Checkers[0]);
        Assert.Equal((80, TimeSpan.FromSeconds(3), 3, TimeSpan.FromSeconds(2)), (tcp.ConnectPort!.Value, tcp.ConnectTimeout!.Value, tcp.Retry!.Value, tcp.DelayBeforeRetry!.Value));
    }

    [Fact]
    public void Http_get_urls_carry_digest_status_ranges_virtualhost_and_regex()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("examples/lvs-nat-http-digest/keepalived.conf"));
        Assert.Empty(c.Diagnostics);
        var http = Assert.IsType<HttpGetCheckConfig>(c.VirtualServers[0].RealServers[0].Checkers[0]);
        Assert.Equal("9b3a0c85a887a256d6939da88aabd8cd", http.Urls[0].Digest);
        Assert.Equal([new StatusCodeRange(200, 299), new StatusCodeRange(301, 301)], http.Urls[1].StatusCodes);
        Assert.Equal("www.example.com", http.Urls[1].VirtualHost);
        Assert.Equal("/status?full=1", http.Urls[1].Path);
        Assert.Equal(TimeSpan.FromSeconds(2.5), http.ConnectTimeout);
        var rs2 = c.VirtualServers[0].RealServers[1];
        var ssl = Assert.IsType<SslGetCheckConfig>(rs2.Checkers[0]);
        Assert.Equal(("ok|ready", true), (ssl.Urls[0].Regex, ssl.EnableSni));
        var misc = Assert.IsType<MiscCheckConfig>(rs2.Checkers[1]);
        Assert.Equal("/usr/local/bin/check_app --host 10.10.0.12 --name 'app server'", misc.Path);
        Assert.True(misc.Dynamic);
    }

    [Fact]
    public void Ipv6_unicast_v3_instance_with_fractional_advert_int()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("examples/ipv6/keepalived.conf"));
        Assert.Empty(c.Diagnostics);
        var v = c.VrrpInstances[0];
        Assert.Equal(TimeSpan.FromMilliseconds(500), v.AdvertisementInterval);
        Assert.Equal(true, v.Accept);
        Assert.Equal((250, 255), (v.UnicastPeers[1].MinTtl!.Value, v.UnicastPeers[1].MaxTtl!.Value));
        var vip = v.VirtualIPAddresses[0];
        Assert.Equal((IPAddress.Parse("2001:db8::100"), 64, "eth0"), (vip.Address, vip.PrefixLength!.Value, vip.Device));
        Assert.True(v.ExcludedVirtualIPAddresses[0].NoTrack);
        Assert.Equal(IPAddress.Parse("2001:db8::fe"), v.VirtualRoutes[0].Gateway);
        Assert.IsType<PingCheckConfig>(c.VirtualServers[0].RealServers[0].Checkers[0]);
    }

    [Fact]
    public void Vip_options_are_typed()
    {
        var c = P("static_ipaddress {\n 192.168.1.1/24 brd 192.168.1.255 dev eth1 scope link label eth1:1 peer 192.168.1.2/32 home no_track\n}\n");
        var a = Assert.Single(c.StaticIpAddresses);
        Assert.Equal(("192.168.1.255", "eth1", "link", "eth1:1", IPAddress.Parse("192.168.1.2"), 32, true), (a.Broadcast, a.Device, a.Scope, a.Label, a.Peer, a.PeerPrefixLength!.Value, a.NoTrack));
        Assert.Equal(["home"], a.Options);
        Assert.Empty(c.Diagnostics);
    }

    [Theory]
    [InlineData("authenticetion {\n auth_type PASS\n }", "authenticetion", "authentication")]
    [InlineData("netify_backup /bin/true", "netify_backup", "notify_backup")]
    [InlineData("prority 100", "prority", "priority")]
    public void Misspelt_keyword_is_a_warning_with_line_and_suggestion(string line, string word, string suggestion)
    {
        var c = WithLine(line);
        var d = Assert.Single(c.With(DiagnosticCodes.UnknownKeyword));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(8, d.Line);
        Assert.Contains($"'{word}'", d.Message);
        Assert.Contains($"'{suggestion}'", d.Message);
        Assert.Equal($"<content>:8: {d.Message}", d.ToString());
    }

    [Fact]
    public void Misspelt_lb_algo_in_virtual_server_is_reported()
    {
        var c = P("virtual_server 10.0.0.1 80 {\n lb_algorr rr\n}\n");
        var d = Assert.Single(c.With(DiagnosticCodes.UnknownKeyword));
        Assert.Equal(2, d.Line);
        Assert.Contains("'lb_algo'", d.Message);
        Assert.Equal("lb_algorr rr", d.Text);
    }

    [Fact]
    public void Known_but_untyped_keywords_are_kept_verbatim()
    {
        var c = WithLine("garp_lower_prio_repeat 3\n    kernel_rx_buf_size 4096");
        Assert.Empty(c.With(DiagnosticCodes.UnknownKeyword));
        Assert.Equal(["garp_lower_prio_repeat 3", "kernel_rx_buf_size 4096"], c.VrrpInstances[0].OtherSettings.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData("priority 256")]
    [InlineData("priority 0")]
    public void Priority_outside_1_to_255_is_a_warning_and_falls_back_to_default(string line)
    {
        var c = P(Instance.Replace("priority 100", line).Replace("XX", ""));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(c.With(DiagnosticCodes.PriorityOutOfRange)).Severity);
        Assert.Null(c.VrrpInstances[0].Priority);
    }

    [Fact]
    public void Auth_pass_longer_than_8_is_a_warning_and_kept_exactly()
    {
        var c = WithLine("authentication {\n auth_type PASS\n auth_pass 123456789\n }");
        var d = Assert.Single(c.With(DiagnosticCodes.AuthPassTooLong));
        Assert.DoesNotContain("123456789", d.Text + d.Message);
        Assert.Equal("123456789", c.VrrpInstances[0].AuthPass);
    }

    [Theory]
    [InlineData("advert_int 0.5", true)]
    [InlineData("advert_int 256", true)]
    [InlineData("advert_int 3", false)]
    [InlineData("version 3\n advert_int 0.5", false)]
    [InlineData("version 3\n advert_int 0.005", true)]
    [InlineData("version 3\n advert_int 41", true)]
    public void Advert_int_must_suit_the_vrrp_version(string line, bool warned)
    {
        var c = WithLine(line);
        Assert.Equal(warned, c.With(DiagnosticCodes.AdvertIntInvalidForVersion).Any());
    }

    [Fact]
    public void Track_script_to_undefined_script_is_a_warning()
    {
        var c = P("vrrp_script chk {\n script /bin/true\n}\n" + Instance.Replace("XX", "track_script {\n chk\n missing weight 10\n }"));
        var d = Assert.Single(c.With(DiagnosticCodes.TrackScriptNotFound));
        Assert.Equal(13, d.Line);
        Assert.Equal([null, 10], c.VrrpInstances[0].TrackScripts.Select(t => t.Weight));
    }

    [Fact]
    public void Sync_group_member_that_does_not_exist_is_a_warning()
    {
        var c = P(Instance.Replace("XX", "") + "\nvrrp_sync_group G {\n group {\n VI_1\n VI_9\n }\n}\n");
        Assert.Contains("VI_9", Assert.Single(c.With(DiagnosticCodes.SyncGroupMemberNotFound)).Message);
    }

    [Fact]
    public void Duplicate_vrid_on_one_interface_is_an_error_but_not_across_families()
    {
        var two = P(Instance.Replace("XX", "") + "\n" + Instance.Replace("VI_1", "VI_2").Replace("XX", ""));
        var d = Assert.Single(two.With(DiagnosticCodes.DuplicateVirtualRouterId));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        var v6 = P(Instance.Replace("XX", "") + "\n" + Instance.Replace("VI_1", "VI_2").Replace("10.0.0.1/24", "2001:db8::1/64").Replace("XX", ""));
        Assert.Empty(v6.With(DiagnosticCodes.DuplicateVirtualRouterId));
    }

    [Fact]
    public void Missing_or_invalid_vrid_is_an_error()
    {
        Assert.Single(P(Instance.Replace("virtual_router_id 5", "")).With(DiagnosticCodes.VirtualRouterIdMissing));
        Assert.Single(P(Instance.Replace("virtual_router_id 5", "virtual_router_id 300")).With(DiagnosticCodes.VirtualRouterIdOutOfRange));
    }

    [Fact]
    public void Bad_values_are_warnings_with_line_and_the_value_is_ignored()
    {
        var c = P("virtual_server 10.0.0.1 80 {\n delay_loop abc\n lb_kind XYZ\n real_server 10.0.0.300 80 {\n }\n}\n");
        Assert.Equal([2, 3, 4], c.With(DiagnosticCodes.InvalidValue).Select(d => d.Line));
        Assert.Null(c.VirtualServers[0].DelayLoop);
    }

    [Fact]
    public void Obsolete_nb_get_retry_is_read_as_retry_with_a_warning()
    {
        var c = P("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n HTTP_GET {\n nb_get_retry 4\n url {\n path /\n }\n }\n }\n}\n");
        Assert.Equal(4, c.VirtualServers[0].RealServers[0].Checkers[0].Retry);
        Assert.Single(c.With(DiagnosticCodes.ObsoleteKeyword));
    }

    [Fact]
    public void Virtual_server_forms_fwmark_group_and_group_definition()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("samples/virtual_server_group.conf"));
        Assert.NotEmpty(c.VirtualServerGroups);
        Assert.Contains(c.VirtualServers, v => v.GroupName != null);
        Assert.Empty(c.With(DiagnosticCodes.VirtualServerGroupNotFound));
        var f = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("samples/fwmark.conf"));
        Assert.All(f.VirtualServers, v => Assert.NotNull(v.FirewallMark));
    }

    [Fact]
    public void Auth_pass_is_masked_in_ToString()
    {
        var c = WithLine("authentication {\n auth_type PASS\n auth_pass hunter2\n }");
        Assert.DoesNotContain("hunter2", c.VrrpInstances[0].ToString());
        Assert.Contains("********", c.VrrpInstances[0].ToString());
    }

    [Fact]
    public void Equality_ignores_location_but_not_content()
    {
        var a = WithLine("");
        var b = P("\n\n" + Instance.Replace("XX", ""));
        Assert.NotEqual(a.VrrpInstances[0].Line, b.VrrpInstances[0].Line);
        Assert.Equal(a, b);
        Assert.Equal(a.VrrpInstances[0], b.VrrpInstances[0]);
        var c = P(Instance.Replace("XX", "").Replace("10.0.0.1/24", "10.0.0.2/24"));
        Assert.NotEqual(a, c);
        Assert.NotEqual(a.VrrpInstances[0].VirtualIPAddresses[0], c.VrrpInstances[0].VirtualIPAddresses[0]);
        Assert.NotEqual<CheckerConfig>(new HttpGetCheckConfig(), new SslGetCheckConfig());
    }

    [Fact]
    public void Keepalived_lvs_syncd_sample_group_without_block_is_flagged_as_keepalived_does()
    {
        // keepalived -t: "Unknown keyword 'VI_2'" for the member names written straight into vrrp_sync_group.
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("samples/vrrp.lvs_syncd.conf"));
        Assert.Equal([4, 5], c.With(DiagnosticCodes.UnknownKeyword).Select(d => d.Line));
    }

    [Fact]
    public void Dr_real_server_on_another_port_is_a_warning_as_keepalived_resets_it()
    {
        var c = P("virtual_server 10.0.0.1 80 {\n lb_kind DR\n real_server 10.0.0.2 8080 {\n }\n real_server 10.0.0.3 80 {\n }\n}\n");
        Assert.Equal(3, Assert.Single(c.With(DiagnosticCodes.PortMismatch)).Line);
        var nat = P("virtual_server 10.0.0.1 80 {\n lb_kind NAT\n real_server 10.0.0.2 8080 {\n }\n}\n");
        Assert.Empty(nat.With(DiagnosticCodes.PortMismatch));
    }

    [Fact]
    public void Protocol_on_a_fwmark_service_is_a_warning()
    {
        Assert.Single(P("virtual_server fwmark 1 {\n protocol TCP\n}\n").With(DiagnosticCodes.ProtocolIgnored));
        Assert.Empty(P("virtual_server fwmark 1 {\n}\n").With(DiagnosticCodes.ProtocolIgnored));
    }

    [Fact]
    public void Lines_read_counts_physical_lines_over_includes()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("valid/features.conf"), new ConfigParseOptions { ConfigId = "alpha" });
        long expected = c.IncludedFiles.Sum(f => File.ReadAllLines(f).Length);
        Assert.Equal(expected, c.LinesRead);
    }
}
