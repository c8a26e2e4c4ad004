using System.Management.Automation;

namespace HaTools.PowerShell.Tests.Config;

/// <summary>Import-KeepalivedConfig as a user runs it: objects out, diagnostics as warnings and ErrorRecords.</summary>
public class ImportKeepalivedConfigTests
{
    private const string Fq = ",HaTools.Commands.ImportKeepalivedConfigCommand";

    private static string Example(string relative) => Path.Combine(PowerShellSession.RepoRoot, "examples", relative);

    [Fact]
    public void Imports_a_file_into_one_typed_config_object()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("$c = Import-KeepalivedConfig $args[0]; $c.GetType().FullName; $c.VrrpInstances[0].Name; $c.VrrpInstances[0].VirtualRouterId; $c.VrrpInstances[0].VirtualIPAddresses[0].Address.ToString(); $c.VrrpInstances[0].Line",
            Example("nginx-vrrp-pair/node-a.conf"));
        r.ThrowIfErrors();
        Assert.Equal(["HaTools.Core.Config.KeepalivedConfig", "VI_WEB", "51", "192.0.2.10", "20"], r.Output.Select(o => o.ToString()));
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Wildcards_give_one_object_per_file()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-KeepalivedConfig $args[0] | ForEach-Object { [IO.Path]::GetFileName($_.SourceFile) }", Example("lvs-dr-pair/director-*.conf"));
        r.ThrowIfErrors();
        Assert.Equal(["director-a.conf", "director-b.conf"], r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Paths_bind_from_the_pipeline_by_value_and_by_PSPath()
    {
        using var s = new PowerShellSession();
        var byValue = s.Invoke("$args[0], $args[1] | Import-KeepalivedConfig | ForEach-Object { $_.GlobalDefs.RouterId }",
            Example("lvs-dr-pair/director-a.conf"), Example("lvs-dr-pair/director-b.conf"));
        byValue.ThrowIfErrors();
        Assert.Equal(["lvs-a", "lvs-b"], byValue.Output.Select(o => o.ToString()));
        var byPsPath = s.Invoke("[pscustomobject]@{ PSPath = $args[0] } | Import-KeepalivedConfig | ForEach-Object { $_.GlobalDefs.RouterId }", Example("nginx-vrrp-pair/node-b.conf"));
        byPsPath.ThrowIfErrors();
        Assert.Equal("nginx-b", Assert.Single(byPsPath.Output).ToString());
        var fileInfo = s.Invoke("[IO.FileInfo]::new($args[0]) | Import-KeepalivedConfig | ForEach-Object { $_.GlobalDefs.RouterId }", Example("nginx-vrrp-pair/node-a.conf"));
        fileInfo.ThrowIfErrors();
        Assert.Equal("nginx-a", Assert.Single(fileInfo.Output).ToString());
    }

    [Fact]
    public void Missing_file_is_an_ItemNotFound_error_and_the_other_paths_are_still_read()
    {
        using var s = new PowerShellSession();
        var missing = Path.Combine(PowerShellSession.RepoRoot, "no-such-keepalived.conf");
        var r = s.Invoke("Import-KeepalivedConfig $args[0], $args[1]", missing, Example("ipv6/keepalived.conf"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("ConfigFileNotFound" + Fq, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal(missing, e.TargetObject);
        Assert.Single(r.Output);
    }

    [Fact]
    public void Directory_is_a_clear_error()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-KeepalivedConfig -LiteralPath $args[0]", Example("ipv6"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("ConfigPathIsDirectory" + Fq, e.FullyQualifiedErrorId);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Huge_and_binary_files_are_clean_ErrorRecords_not_crashes()
    {
        using var s = new PowerShellSession();
        var dir = Directory.CreateTempSubdirectory("htcfg-bad");
        try
        {
            var big = Path.Combine(dir.FullName, "big.conf");
            using (var f = File.Create(big)) f.SetLength(1L << 30); // 1 GiB, sparse
            var bin = Path.Combine(dir.FullName, "bin.conf");
            var bytes = new byte[2048];
            new Random(3).NextBytes(bytes);
            File.WriteAllBytes(bin, bytes);
            var r = s.Invoke("Import-KeepalivedConfig -LiteralPath $args[0], $args[1]", big, bin);
            Assert.Null(r.Terminating);
            Assert.Equal(["ConfigFileTooLarge" + Fq, "BinaryData" + Fq], r.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Equal(ErrorCategory.LimitsExceeded, r.Errors[0].CategoryInfo.Category);
            Assert.Equal(2, r.Output.Count); // an (empty) config per file, with the diagnostics in it
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Misspelt_keywords_are_warnings_with_file_and_line()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-KeepalivedConfig -Content $args[0] -ConfigId x", "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress { 10.0.0.1 }\n authenticetion {\n auth_type PASS\n }\n netify_backup /bin/true\n}\nvirtual_server 10.0.0.1 80 {\n lb_algorr rr\n}\n");
        r.ThrowIfErrors();
        Assert.Equal([
            "<content>:5: Unknown keyword 'authenticetion'; did you mean 'authentication'?",
            "<content>:8: Unknown keyword 'netify_backup'; did you mean 'notify_backup'?",
            "<content>:11: Unknown keyword 'lb_algorr'; did you mean 'lb_algo'?"], r.Warnings);
        var config = Assert.Single(r.Output).BaseObject;
        Assert.Equal(3, ((System.Collections.ICollection)((dynamic)config).Diagnostics).Count);
    }

    [Fact]
    public void Errors_are_ErrorRecords_whose_target_is_the_diagnostic()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-KeepalivedConfig -Content $args[0]", "global_defs {\n router_id a\n}\n}\nvrrp_instance V {\n interface eth0\n");
        Assert.Equal(["ExtraCloseBrace" + Fq, "MissingCloseBrace" + Fq, "VirtualRouterIdMissing" + Fq], r.Errors.Select(e => e.FullyQualifiedErrorId));
        var first = r.Errors[0];
        Assert.Equal(ErrorCategory.SyntaxError, first.CategoryInfo.Category);
        dynamic d = first.TargetObject;
        Assert.Equal(4, (int)d.Line);
        Assert.Equal("}", (string)d.Text);
        Assert.Equal("ExtraCloseBrace", (string)d.Code);
        Assert.Single(r.Output); // the config is still output, as keepalived still runs
    }

    [Fact]
    public void Strict_turns_the_first_warning_into_a_terminating_error()
    {
        using var s = new PowerShellSession();
        // A terminating error ends the statement: the script goes on, but nothing was output for the file.
        var r = s.Invoke("try { Import-KeepalivedConfig -Content $args[0] -Strict } catch { $_ }", "global_defs {\n router_idd a\n}\n");
        var caught = Assert.IsType<ErrorRecord>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("UnknownKeyword" + Fq, caught.FullyQualifiedErrorId);
        Assert.Equal(2, (int)((dynamic)caught.TargetObject).Line);
        Assert.Empty(r.Warnings);
        var statement = s.Invoke("Import-KeepalivedConfig -Content $args[0] -Strict; 'next statement'", "global_defs {\n router_idd a\n}\n");
        Assert.Equal("UnknownKeyword" + Fq, Assert.Single(statement.Errors).FullyQualifiedErrorId);
        Assert.Equal(["next statement"], statement.Output.Select(o => o.ToString()));
        var clean = s.Invoke("Import-KeepalivedConfig $args[0] -Strict -ConfigId x", Example("lvs-nat-http-digest/keepalived.conf"));
        clean.ThrowIfErrors();
        Assert.Single(clean.Output);
    }

    [Fact]
    public void ConfigId_selects_conditional_lines()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("foreach ($id in 'node1', 'node2') { $c = Import-KeepalivedConfig $args[0] -ConfigId $id; '{0} {1} {2}' -f $c.GlobalDefs.RouterId, $c.VrrpInstances[0].Priority, $c.VrrpInstances[0].UnicastPeers[0].Address }",
            Example("unicast/keepalived.conf"));
        r.ThrowIfErrors();
        Assert.Equal(["node1 150 10.0.10.12", "node2 100 10.0.10.11"], r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Validate_reports_interfaces_missing_on_this_host()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-KeepalivedConfig -Content $args[0] -Validate", "vrrp_instance V {\n interface htcfg-nonexistent0\n virtual_router_id 1\n virtual_ipaddress {\n 10.0.0.1/24 dev lo\n 2001:db8::1/64\n }\n}\n");
        r.ThrowIfErrors();
        Assert.Equal([
            "<content>:1: Interface htcfg-nonexistent0 for vrrp_instance V doesn't exist on this host.",
            "<content>:6: (V) VIP 2001:db8::1 is not of the instance's address family; keepalived ignores it (use virtual_ipaddress_excluded)."], r.Warnings);
        var without = s.Invoke("Import-KeepalivedConfig -Content $args[0]", "vrrp_instance V {\n interface htcfg-nonexistent0\n virtual_router_id 1\n virtual_ipaddress {\n 10.0.0.1/24 dev lo\n }\n}\n");
        Assert.Empty(without.Warnings);
    }

    [Fact]
    public void Auth_pass_is_masked_in_the_default_views_and_ToString()
    {
        using var s = new PowerShellSession();
        s.Invoke("$global:c = Import-KeepalivedConfig $args[0]", Example("nginx-vrrp-pair/node-a.conf")).ThrowIfErrors();
        var shown = FormatViewRenderer.Render(s, "$global:c.VrrpInstances", "HaTools.Core.Config.VrrpInstanceConfig");
        shown.Add(s.Invoke("$global:c.VrrpInstances[0].ToString()").Output[0].ToString());
        Assert.DoesNotContain(shown, c => c.Contains("n9inxPW"));
        Assert.Contains("Pass ********", shown);
        Assert.Contains("VI_WEB", shown);
        Assert.Equal("n9inxPW", s.Invoke("$global:c.VrrpInstances[0].AuthPass").Output[0].ToString()); // the property itself is exact
        // Mixed-type output falls back to the display property set, not to the views: it must not list AuthPass either.
        var names = s.Invoke("$global:c.VrrpInstances[0].PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames");
        names.ThrowIfErrors();
        Assert.Contains("Name", names.Output.Select(o => o.ToString()));
        Assert.DoesNotContain("AuthPass", names.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Default_views_render_every_section()
    {
        using var s = new PowerShellSession();
        s.Invoke("$global:c = Import-KeepalivedConfig $args[0]", Example("lvs-dr-pair/director-a.conf")).ThrowIfErrors();
        var config = FormatViewRenderer.Render(s, "$global:c", "HaTools.Core.Config.KeepalivedConfig");
        Assert.Equal(["2", "1", "2", "0", "0"], config.Skip(1));
        var vs = FormatViewRenderer.Render(s, "$global:c.VirtualServers", "HaTools.Core.Config.VirtualServerConfig");
        Assert.Equal(["198.51.100.80:80", "Tcp", "wlc", "Dr", "300", "192.0.2.21:80, 192.0.2.22:80"], vs);
        var rs = FormatViewRenderer.Render(s, "$global:c.VirtualServers[0].RealServers[0]", "HaTools.Core.Config.RealServerConfig");
        Assert.Equal(["192.0.2.21", "80", "100", "True", "TCP_CHECK port 80"], rs);
        var diag = s.Invoke("$global:d = (Import-KeepalivedConfig -Content \"global_defs {`n bogus 1`n}\").Diagnostics");
        var cells = FormatViewRenderer.Render(s, "$global:d", "HaTools.Core.Config.ConfigDiagnostic");
        Assert.Equal(["Warning", "<content>:2", "UnknownKeyword"], cells.Take(3));
    }
}
