using System.Management.Automation;

namespace HaTools.PowerShell.Tests.Config;

/// <summary>Export-KeepalivedConfig: text to the pipeline or a file, ShouldProcess, lossless round trip.</summary>
public sealed class ExportKeepalivedConfigTests : IDisposable
{
    private const string Fq = ",HaTools.Commands.ExportKeepalivedConfigCommand";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("htcfg-export");

    public void Dispose() => _dir.Delete(true);

    private static string Example(string relative) => Path.Combine(PowerShellSession.RepoRoot, "examples", relative);

    [Fact]
    public void Import_export_import_gives_equal_objects_for_every_example()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("""
            [IO.Directory]::GetFiles($args[0], '*.conf', 'AllDirectories') | ForEach-Object {
                $a = Import-KeepalivedConfig -LiteralPath $_ -ConfigId node1
                $b = Import-KeepalivedConfig -Content ($a | Export-KeepalivedConfig) -ConfigId node1
                '{0} {1}' -f $_, $a.Equals($b)
            }
            """, Path.Combine(PowerShellSession.RepoRoot, "examples"));
        r.ThrowIfErrors();
        Assert.True(r.Output.Count >= 7);
        Assert.All(r.Output, o => Assert.EndsWith(" True", o.ToString()));
    }

    [Fact]
    public void Writes_a_file_that_keepalived_accepts_with_the_exact_auth_pass()
    {
        using var s = new PowerShellSession();
        var target = Path.Combine(_dir.FullName, "out.conf");
        var r = s.Invoke("Import-KeepalivedConfig $args[0] | Export-KeepalivedConfig -Path $args[1] -PassThru", Example("nginx-vrrp-pair/node-a.conf"), target);
        r.ThrowIfErrors();
        Assert.Equal(target, Assert.IsType<FileInfo>(Assert.Single(r.Output).BaseObject).FullName);
        var text = File.ReadAllText(target);
        Assert.Contains("auth_pass n9inxPW\n", text);
        var psi = new System.Diagnostics.ProcessStartInfo("keepalived", ["-t", "-l", "-f", target]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.DoesNotContain("Unknown keyword", err);
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        using var s = new PowerShellSession();
        var target = Path.Combine(_dir.FullName, "whatif.conf");
        var r = s.Invoke("Import-KeepalivedConfig $args[0] | Export-KeepalivedConfig -Path $args[1] -WhatIf -PassThru", Example("ipv6/keepalived.conf"), target);
        r.ThrowIfErrors();
        Assert.Empty(r.Output);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void NoClobber_refuses_an_existing_file_and_Force_overwrites_a_read_only_one()
    {
        using var s = new PowerShellSession();
        var target = Path.Combine(_dir.FullName, "exists.conf");
        File.WriteAllText(target, "old");
        var r = s.Invoke("Import-KeepalivedConfig $args[0] | Export-KeepalivedConfig -Path $args[1] -NoClobber", Example("ipv6/keepalived.conf"), target);
        var e = Assert.Single(r.Errors);
        Assert.Equal("ConfigFileExists" + Fq, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
        Assert.Equal("old", File.ReadAllText(target));
        new FileInfo(target).IsReadOnly = true;
        var forced = s.Invoke("Import-KeepalivedConfig $args[0] | Export-KeepalivedConfig -Path $args[1] -Force", Example("ipv6/keepalived.conf"), target);
        forced.ThrowIfErrors();
        Assert.StartsWith("global_defs {", File.ReadAllText(target));
    }

    [Fact]
    public void Single_sections_export_from_the_pipeline()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("$c = Import-KeepalivedConfig $args[0]; $c.VrrpInstances | Export-KeepalivedConfig; $c.VirtualServers | Export-KeepalivedConfig", Example("lvs-dr-pair/director-a.conf"));
        r.ThrowIfErrors();
        Assert.Equal(3, r.Output.Count);
        Assert.StartsWith("vrrp_instance VI_LVS {", r.Output[0].ToString());
        Assert.StartsWith("virtual_server 198.51.100.80 80 {", r.Output[2].ToString());
    }

    [Fact]
    public void An_object_that_cannot_stand_alone_is_an_error_with_the_object_as_target()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("$c = Import-KeepalivedConfig $args[0]; $c.VrrpInstances[0].VirtualIPAddresses | Export-KeepalivedConfig", Example("ipv6/keepalived.conf"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("ConfigObjectNotExportable" + Fq, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal("HaTools.Core.Config.VirtualIPAddressConfig", e.TargetObject.GetType().FullName);
    }
}
