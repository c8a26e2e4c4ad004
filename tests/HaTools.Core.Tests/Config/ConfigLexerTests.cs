using System.Net;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>The keepalived.conf language (keepalived.conf(5) "ADVANCED CONFIGURATION" and lexical rules).</summary>
public class ConfigLexerTests
{
    private static KeepalivedConfig P(string s, string? id = null) => ConfigAssets.Parse(s, id);

    [Fact]
    public void Hash_and_bang_comments_run_to_end_of_line_but_not_inside_quotes()
    {
        var c = P("""
            ! header
            global_defs { # trailing
                router_id r1 ! note
                notification_email_from "a#b!c@example.com"
            }
            """);
        Assert.Equal("r1", c.GlobalDefs.RouterId);
        Assert.Equal("a#b!c@example.com", c.GlobalDefs.NotificationEmailFrom);
        Assert.Empty(c.Diagnostics);
    }

    [Fact]
    public void Opening_brace_may_be_on_the_next_line_or_inline_with_content()
    {
        var c = P("""
            vrrp_instance VI_1
            {
                interface eth0
                virtual_router_id 1
                authentication { auth_type PASS
                    auth_pass secret }
                virtual_ipaddress { 10.0.0.1 }
            }
            """);
        var v = Assert.Single(c.VrrpInstances);
        Assert.Equal("eth0", v.Interface);
        Assert.Equal(VrrpAuthType.Pass, v.AuthType);
        Assert.Equal("secret", v.AuthPass);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), Assert.Single(v.VirtualIPAddresses).Address);
        Assert.Empty(c.Diagnostics);
    }

    [Fact]
    public void Quoted_strings_join_words_keep_inner_quotes_and_process_escapes()
    {
        var c = P("""
            vrrp_script s {
                script "/bin/check --name 'a b'"
                user ab"c d"ef
            }
            vrrp_instance V {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress { 10.0.0.1 }
                notify_master "/bin/echo \"hi\"\tthere\x41\101"
            }
            """);
        var s = Assert.Single(c.VrrpScripts);
        Assert.Equal("/bin/check --name 'a b'", s.Script);
        Assert.Equal("abc def", s.User);
        Assert.Equal("/bin/echo \"hi\"\tthereAA", c.VrrpInstances[0].NotifyMaster);
    }

    [Fact]
    public void Unterminated_quote_is_a_warning_and_takes_the_rest_of_the_line()
    {
        var c = P("global_defs {\n router_id \"abc def\n}\n");
        Assert.Equal("abc def", c.GlobalDefs.RouterId);
        var d = Assert.Single(c.With(DiagnosticCodes.UnterminatedQuote));
        Assert.Equal(2, d.Line);
    }

    [Fact]
    public void Conditional_lines_follow_the_config_id_and_negation()
    {
        const string text = """
            global_defs {
                @main router_id main_router
                @backup router_id backup_router
            }
            vrrp_instance VRRP {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress { 10.0.0.1 }
                unicast_peer {
                    @^main 1.2.3.4
                    @^backup 1.2.3.5
                    @^backup2 1.2.3.6
                }
            }
            """;
        var main = P(text, "main");
        Assert.Equal("main_router", main.GlobalDefs.RouterId);
        Assert.Equal(["1.2.3.5", "1.2.3.6"], main.VrrpInstances[0].UnicastPeers.Select(p => p.Address.ToString()));
        var other = P(text, "other");
        Assert.Null(other.GlobalDefs.RouterId);
        Assert.Equal(3, other.VrrpInstances[0].UnicastPeers.Count);
        var none = P(text);
        Assert.Null(none.GlobalDefs.RouterId);
    }

    [Fact]
    public void Definitions_are_substituted_at_use_time_recursively()
    {
        // keepalived.conf(5) "Parameter substitution" example.
        var c = P("""
            $ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}
            $ADDRESS_BASE_SUB=0
            static_ipaddress {
                ${ADDRESS_BASE}.100/32
            $ADDRESS_BASE_SUB=10
                ${ADDRESS_BASE}.100/32
            }
            """);
        Assert.Equal(["10.2.0.100", "10.2.10.100"], c.StaticIpAddresses.Select(a => a.Address.ToString()));
        Assert.Empty(c.Diagnostics);
    }

    [Fact]
    public void Undefined_parameters_are_left_as_written()
    {
        var c = P("vrrp_script s {\n script \"/bin/echo ${UNDEF} $HOME\"\n}\n");
        Assert.Equal("/bin/echo ${UNDEF} $HOME", c.VrrpScripts[0].Script);
    }

    [Fact]
    public void Definition_can_carry_a_conditional_and_substitution_can_produce_one()
    {
        const string text = """
            @main $PRIORITY=240
            @backup $PRIORITY=200
            $IF_MAIN=@main
            vrrp_instance VI_0 {
                interface eth0
                virtual_router_id 1
                priority $PRIORITY
                $IF_MAIN nopreempt
                virtual_ipaddress { 10.0.0.1 }
            }
            """;
        var main = P(text, "main");
        Assert.Equal(240, main.VrrpInstances[0].Priority);
        Assert.True(main.VrrpInstances[0].NoPreempt);
        var backup = P(text, "backup");
        Assert.Equal(200, backup.VrrpInstances[0].Priority);
        Assert.False(backup.VrrpInstances[0].NoPreempt);
    }

    [Fact]
    public void Multi_line_definitions_expand_to_blocks_and_can_nest()
    {
        var c = P("""
            $RS= \
            real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \
                weight ${RS_NUM} \

                TCP_CHECK { \
                    connect_timeout 3 \
                } \
            }
            $VS= \
            virtual_server 10.0.${VS_NUM}.4 80 { \
                $RS_NUM=1 \
                $RS \
                $RS_NUM=2 \
                $RS \
            }
            $VS_NUM=0
            $VS
            $VS_NUM=1
            $VS
            """);
        Assert.Empty(c.Diagnostics);
        Assert.Equal(["10.0.0.4", "10.0.1.4"], c.VirtualServers.Select(v => v.Address!.ToString()));
        Assert.Equal(["192.168.1.1", "192.168.1.2"], c.VirtualServers[1].RealServers.Select(r => r.Address.ToString()));
        Assert.Equal(2, c.VirtualServers[1].RealServers[1].Weight);
        Assert.IsType<TcpCheckConfig>(Assert.Single(c.VirtualServers[0].RealServers[0].Checkers));
    }

    [Fact]
    public void Parameterised_definitions_bind_their_arguments()
    {
        // keepalived newer than 2.2.7 accepts $NAME(params)=...; HaTools reads it too.
        var c = P("""
            $VIP(ADDR,DEV)=${ADDR}/32 dev ${DEV}
            static_ipaddress {
                $VIP(10.1.1.1,eth0)
                ${VIP(10.1.1.2,eth1)}
            }
            """);
        Assert.Equal(["10.1.1.1/32 dev eth0", "10.1.1.2/32 dev eth1"], c.StaticIpAddresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Seq_replicates_the_rest_of_the_line_in_decimal_and_hex()
    {
        var c = P("""
            static_ipaddress {
                ~SEQ(SUBNET, 0, 3) 10.0.${SUBNET}.1
                ~SEQx(S, 0x90, 0x10, 0xc0) fe80::20:${S}:1
                ~SEQ(N, 3) 10.1.0.${N}
            }
            """);
        Assert.Equal(["10.0.0.1", "10.0.1.1", "10.0.2.1", "10.0.3.1", "fe80::20:90:1", "fe80::20:a0:1", "fe80::20:b0:1", "fe80::20:c0:1", "10.1.0.1", "10.1.0.2", "10.1.0.3"],
            c.StaticIpAddresses.Select(a => a.Address.ToString()));
    }

    [Fact]
    public void Nested_seq_and_lst_multiply_in_order()
    {
        var c = P("""
            static_ipaddress {
                ~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}
            }
            """);
        Assert.Equal(["192.168.10.1", "192.170.10.1", "192.168.20.4", "192.170.20.4"], c.StaticIpAddresses.Select(a => a.Address.ToString()));
    }

    [Fact]
    public void Malformed_seq_is_a_diagnostic()
    {
        var c = P("~SEQ(1X, a, b) foo\n");
        Assert.Single(c.With(DiagnosticCodes.InvalidSequence));
    }

    [Fact]
    public void Huge_seq_expansion_is_capped_with_an_error()
    {
        var c = KeepalivedConfigParser.ParseContent("~SEQ(A,1,2000000000) ~SEQ(B,1,2000000000) static_ipaddress { 10.0.0.1 }\n",
            new ConfigParseOptions { MaxExpandedLines = 10_000 });
        Assert.Single(c.With(DiagnosticCodes.ExpansionTooLarge));
    }

    [Fact]
    public void Self_referencing_definition_stops_with_a_diagnostic()
    {
        var c = P("$A=x${A}\nglobal_defs {\n router_id ${A}\n}\n");
        Assert.NotEmpty(c.With(DiagnosticCodes.DefinitionRecursion).Concat(c.With(DiagnosticCodes.ExpansionTooLarge)));
        var m = P("$M= \\\n$M\n$M\n");
        Assert.Single(m.With(DiagnosticCodes.DefinitionRecursion));
    }

    [Fact]
    public void Predefined_hash_bang_and_pwd_are_available()
    {
        var c = KeepalivedConfigParser.ParseContent("vrrp_script s {\n script \"${_PWD}/x ${_HASH}${_BANG}\"\n}\n", new ConfigParseOptions(), "/etc/keepalived");
        Assert.Equal("/etc/keepalived/x #!", c.VrrpScripts[0].Script);
    }

    [Fact]
    public void Include_globs_resolve_relative_to_the_including_file_and_nest()
    {
        var c = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf("valid/features.conf"), new ConfigParseOptions { ConfigId = "alpha" });
        Assert.Equal(["chk_a", "chk_b"], c.VrrpScripts.Select(s => s.Name).Order());
        var b = c.VrrpScripts.Single(s => s.Name == "chk_b");
        Assert.EndsWith(Path.Combine("inc", "conf.d", "b.conf"), b.SourceFile);
        Assert.Equal(1, b.Line);
        Assert.Equal(3, c.IncludedFiles.Count);
        Assert.Empty(c.Diagnostics);
    }

    [Fact]
    public void Include_cycle_is_an_error_not_a_loop()
    {
        var dir = Directory.CreateTempSubdirectory("htcfg");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.conf"), "include b.conf\nglobal_defs {\n router_id a\n}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.conf"), "include a.conf\n");
            var c = KeepalivedConfigParser.ParseFile(Path.Combine(dir.FullName, "a.conf"));
            var d = Assert.Single(c.With(DiagnosticCodes.IncludeCycle));
            Assert.EndsWith("b.conf", d.File);
            Assert.Equal("a", c.GlobalDefs.RouterId);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Include_with_no_match_is_a_warning()
    {
        var c = P("include /nonexistent/dir/*.conf\n");
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(c.With(DiagnosticCodes.IncludeNotFound)).Severity);
    }

    [Fact]
    public void Ten_thousand_nested_braces_are_skipped_without_recursion()
    {
        var text = "global_defs {\n" + string.Concat(Enumerable.Repeat("x {\n", 10_000)) + new string('}', 10_000) + "\n}\n" + string.Concat(Enumerable.Repeat("{", 100_000)) + "\n";
        var c = P(text);
        Assert.Single(c.With(DiagnosticCodes.NestingTooDeep));
        Assert.NotEmpty(c.With(DiagnosticCodes.UnexpectedOpenBrace));
    }

    [Fact]
    public void Unbalanced_braces_are_errors_with_the_opening_line()
    {
        var c = P("vrrp_instance V {\n interface eth0\n");
        var d = Assert.Single(c.With(DiagnosticCodes.MissingCloseBrace));
        Assert.Equal(1, d.Line);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        var e = P("global_defs {\n}\n}\n");
        Assert.Equal(3, Assert.Single(e.With(DiagnosticCodes.ExtraCloseBrace)).Line);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_with_a_diagnostic_not_read()
    {
        // Decision: refuse (keepalived configs are kilobytes; 64 MiB default) rather than stream 1 GB.
        var path = Path.Combine(Path.GetTempPath(), $"htcfg-big-{Environment.ProcessId}.conf");
        try
        {
            using (var f = File.Create(path)) f.SetLength(1L << 30); // sparse: costs no disk
            var c = KeepalivedConfigParser.ParseFile(path);
            var d = Assert.Single(c.Diagnostics);
            Assert.Equal(DiagnosticCodes.FileTooLarge, d.Code);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_endless_device_is_read_only_up_to_the_limit()
    {
        // /dev/zero says length 0 and never ends: the bounded read stops at the limit.
        var c = KeepalivedConfigParser.ParseFile("/dev/zero", new ConfigParseOptions { MaxFileBytes = 1 << 20 });
        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(c.Diagnostics).Code);
        var inc = KeepalivedConfigParser.ParseContent("include /dev/urandom\n", new ConfigParseOptions { MaxFileBytes = 1 << 20 });
        Assert.Contains(inc.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge && d.Line == 1);
    }

    [Fact]
    public async Task A_fifo_is_refused_instead_of_blocking_on_open()
    {
        var dir = Directory.CreateTempSubdirectory("htcfg-fifo-").FullName;
        var fifo = Path.Combine(dir, "pipe.conf");
        Task? both = null;
        try
        {
            using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo)) mk.WaitForExit();
            Assert.True(File.Exists(fifo));
            // Without the check, open(2) on the FIFO waits for a writer that never comes.
            var direct = Task.Run(() => KeepalivedConfigParser.ParseFile(fifo, new ConfigParseOptions()));
            var included = Task.Run(() => KeepalivedConfigParser.ParseContent($"include {fifo}\n", new ConfigParseOptions()));
            both = Task.WhenAll(direct, included);
            Assert.Same(both, await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(30))));
            Assert.Contains(direct.Result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Message.Contains("FIFO"));
            Assert.Contains(included.Result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Line == 1 && d.Message.Contains("FIFO"));
        }
        finally
        {
            // Unblock readers stuck in open(2), should the check ever regress (opening for write waits for a reader).
            if (both is { IsCompleted: false })
            {
                try { using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite); } catch (IOException) { }
            }
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Binary_garbage_gives_diagnostics()
    {
        var path = Path.Combine(Path.GetTempPath(), $"htcfg-bin-{Environment.ProcessId}.conf");
        try
        {
            var bytes = new byte[4096];
            new Random(7).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            var c = KeepalivedConfigParser.ParseFile(path);
            Assert.Contains(c.Diagnostics, d => d.Code == DiagnosticCodes.BinaryData);
            Assert.True(c.HasErrors);
        }
        finally { File.Delete(path); }
        var t = P("global_defs {\n router_id \u0001\u0002bad\n}\n");
        Assert.Equal(2, Assert.Single(t.With(DiagnosticCodes.BinaryData)).Line);
    }

    [Fact]
    public void Missing_file_and_directory_are_exceptions_with_stable_ids()
    {
        var ex = Assert.Throws<HaToolsException>(() => KeepalivedConfigParser.ParseFile("/nonexistent/keepalived.conf"));
        Assert.Equal("ConfigFileNotFound", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ObjectNotFound, ex.Kind);
        var dir = Assert.Throws<HaToolsException>(() => KeepalivedConfigParser.ParseFile(Path.GetTempPath()));
        Assert.Equal("ConfigPathIsDirectory", dir.ErrorId);
    }

    [Fact]
    public void Every_object_knows_its_file_and_line()
    {
        var path = ConfigAssets.PathOf("examples/lvs-dr-pair/director-a.conf");
        var c = KeepalivedConfigParser.ParseFile(path);
        var lines = File.ReadAllLines(path);
        var vs = c.VirtualServers[0];
        Assert.StartsWith("virtual_server 198.51.100.80 80", lines[vs.Line - 1].Trim());
        Assert.StartsWith("real_server 192.0.2.22 80", lines[vs.RealServers[1].Line - 1].Trim());
        Assert.StartsWith("TCP_CHECK", lines[vs.RealServers[1].Checkers[0].Line - 1].Trim());
        Assert.Equal(path, vs.RealServers[1].Checkers[0].SourceFile);
        Assert.StartsWith("vrrp_instance VI_LVS", lines[c.VrrpInstances[0].Line - 1].Trim());
    }
}
