using System.Management.Automation;

namespace HaTools.PowerShell.Tests.Ipvs;

/// <summary>
/// The Ipvs cmdlets through the real engine, on this machine's kernel. What needs a kernel with IPVS runs
/// in the VM suite (tests/HaTools.Kernel.Tests/Ipvs); here: the missing-IPVS error, binding-time
/// validation, -WhatIf, and the ipvsadm-save cmdlets that need no kernel.
/// </summary>
public class IpvsCmdletTests
{
    private static string Rules(string name) => PowerShellSession.Asset(Path.Combine("ipvs", name));

    /// <summary>True when the kernel has ip_vs loaded or can load it (then IPVS answers instead of failing).</summary>
    private static bool KernelHasIpvs()
    {
        if (Directory.Exists("/sys/module/ip_vs"))
            return true;
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var dir = "/lib/modules/" + release;
        return Directory.Exists(dir) && Directory.EnumerateFiles(dir, "ip_vs.ko*", SearchOption.AllDirectories).Any();
    }

    [Theory]
    [InlineData("Get-IpvsService", "GetIpvsServiceCommand")]
    [InlineData("Get-IpvsInfo", "GetIpvsInfoCommand")]
    [InlineData("Get-IpvsTimeout", "GetIpvsTimeoutCommand")]
    [InlineData("New-IpvsService -Address 10.0.0.1 -Port 80 -Confirm:$false", "NewIpvsServiceCommand")]
    public void Kernel_without_ip_vs_gives_one_clear_not_installed_error(string script, string command)
    {
        using var s = new PowerShellSession();
        var r = s.Invoke(script);
        if (KernelHasIpvs())
        {
            // Some CI kernels ship ip_vs: then the same call must simply work (as root) or be refused for rights.
            Assert.True(r.Terminating == null || r.TerminatingRecord!.FullyQualifiedErrorId.StartsWith("IpvsPermissionDenied"), r.Terminating?.Message);
            return;
        }
        var all = r.Errors.Concat(r.TerminatingRecord is { } t ? [t] : []).ToList();
        var e = Assert.Single(all);
        Assert.Equal("IpvsNotAvailable,HaTools.Commands." + command, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotInstalled, e.CategoryInfo.Category);
        Assert.Equal("The kernel has no IPVS: load ip_vs (modprobe ip_vs).", e.Exception.Message);
        Assert.Equal("IPVS", e.TargetObject);
    }

    [Theory]
    [InlineData("New-IpvsService -Address 10 -Port 80", "ParameterArgumentTransformationError", "Address", ErrorCategory.InvalidData)]
    [InlineData("New-IpvsService -Address 10.0.0.300 -Port 80", "ParameterArgumentTransformationError", "Address", ErrorCategory.InvalidData)]
    [InlineData("New-IpvsService -Address 10.0.0.1 -Port 70000", "CannotConvertArgumentNoMessage", "Port", ErrorCategory.InvalidArgument)]
    [InlineData("New-IpvsService -Address 10.0.0.1 -Port 80 -Protocol ICMP", "CannotConvertArgumentNoMessage", "Protocol", ErrorCategory.InvalidArgument)]
    [InlineData("New-IpvsService -Address 10.0.0.1 -Port 80 -Scheduler fastest", "ParameterArgumentValidationError", "Scheduler", ErrorCategory.InvalidData)]
    [InlineData("New-IpvsService -FirewallMark 0", "ParameterArgumentValidationError", "FirewallMark", ErrorCategory.InvalidData)]
    [InlineData("Add-IpvsRealServer -Address 10.0.0.1 -Port 80 -RealAddress 10.0.0.11 -Weight 70000", "ParameterArgumentValidationError", "Weight", ErrorCategory.InvalidData)]
    [InlineData("Add-IpvsRealServer -Address 10.0.0.1 -Port 80 -RealAddress 10.0.0.11 -ForwardingMethod Local", "ParameterArgumentValidationError", "ForwardingMethod", ErrorCategory.InvalidData)]
    [InlineData("Add-IpvsRealServer -Address 10.0.0.1 -Port 80 -RealAddress host.example", "ParameterArgumentTransformationError", "RealAddress", ErrorCategory.InvalidData)]
    public void Invalid_input_is_rejected_at_binding_time(string script, string errorId, string parameter, ErrorCategory category)
    {
        using var s = new PowerShellSession();
        var r = s.Invoke(script);
        var record = r.TerminatingRecord ?? Assert.Single(r.Errors);
        Assert.StartsWith(errorId + ",", record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Contains(parameter, record.Exception.Message);
    }

    [Fact]
    public void WhatIf_creates_nothing_and_needs_no_kernel()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("New-IpvsService -Address 10.0.0.1 -Port 80 -Scheduler rr -PersistenceTimeout 60 -WhatIf");
        r.ThrowIfErrors();
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Import_reads_services_with_their_real_servers()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-IpvsConfig $args[0] | ForEach-Object { '{0}|{1}|{2}' -f $_.Name, $_.Scheduler, $_.RealServers.Count }", Rules("lvs-dr.rules"));
        r.ThrowIfErrors();
        Assert.Equal(new[] { "TCP 10.0.0.1:80|wlc|2", "UDP 10.0.0.1:53|rr|1", "TCP [2001:db8::1]:443|sh|1" }, r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Import_then_export_gives_back_the_file()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-IpvsConfig $args[0] | Export-IpvsConfig", Rules("lvs-dr.rules"));
        r.ThrowIfErrors();
        Assert.Equal(File.ReadAllText(Rules("lvs-dr.rules")), Assert.Single(r.Output).ToString());
    }

    [Fact]
    public void Import_names_file_line_and_reason_of_each_bad_line()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-IpvsConfig $args[0]", Rules("bad.rules"));
        Assert.Empty(r.Output);
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.Equal("IpvsSaveSyntaxError,HaTools.Commands.ImportIpvsConfigCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        });
        Assert.Contains("bad.rules:4: unknown scheduler 'fastest'", r.Errors[0].Exception.Message);
        Assert.Contains("bad.rules:5:", r.Errors[1].Exception.Message);
        Assert.Equal(4, ((dynamic)r.Errors[0].TargetObject).Line);
    }

    [Fact]
    public void Sync_with_a_broken_desired_state_changes_nothing()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Sync-IpvsConfig -Path $args[0] -Confirm:$false", Rules("bad.rules"));
        Assert.Equal(2, r.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("IpvsSaveSyntaxError,")));
        // Statement-terminating: the last record, and no change was attempted (no kernel needed to get here).
        Assert.Equal("IpvsDesiredStateInvalid,HaTools.Commands.SyncIpvsConfigCommand", r.Errors[^1].FullyQualifiedErrorId);
    }

    [Fact]
    public void Missing_rules_file_is_object_not_found()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Import-IpvsConfig /nonexistent/ipvs.rules");
        var e = Assert.Single(r.Errors);
        Assert.Equal("IpvsConfigFileNotFound,HaTools.Commands.ImportIpvsConfigCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
    }
}

public class IpvsKeepalivedConfigTests
{
    [Fact]
    public void Keepalived_virtual_servers_bind_to_New_IpvsService_and_WhatIf_names_each_service()
    {
        using var s = new PowerShellSession();
        var conf = PowerShellSession.Asset(Path.Combine("ipvs", "lvs-dr.conf"));
        var r = s.Invoke("$c = Import-KeepalivedConfig $args[0]; $c.VirtualServers | New-IpvsService -WhatIf; $c.VirtualServers.Count", conf);
        r.ThrowIfErrors();
        Assert.Equal(2, (int)Assert.Single(r.Output).BaseObject);
    }

    [Fact]
    public void Virtual_server_with_an_unknown_scheduler_is_an_error_naming_it()
    {
        using var s = new PowerShellSession();
        var conf = PowerShellSession.Asset(Path.Combine("ipvs", "lvs-dr.conf"));
        var r = s.Invoke("$vs = (Import-KeepalivedConfig $args[0]).VirtualServers[0]; $vs.Scheduler = 'fastest'; $vs | New-IpvsService -WhatIf", conf);
        var e = Assert.Single(r.Errors);
        Assert.Equal("IpvsConfigUnknownScheduler,HaTools.Commands.NewIpvsServiceCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("fastest", e.Exception.Message);
    }
}
