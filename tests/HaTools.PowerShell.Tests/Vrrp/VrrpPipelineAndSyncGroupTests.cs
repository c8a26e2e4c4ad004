using System.Management.Automation;

namespace HaTools.PowerShell.Tests.Vrrp;

/// <summary>
/// Start-VrrpInstance fed as users feed it: [pscustomobject]s / CSV-like rows binding by property name, real
/// keepalived.conf files through Import-KeepalivedConfig (pipeline and -Config), and -SyncGroup. Root: namespaces.
/// </summary>
[Collection(HostedJobsCollection.Name)]
public sealed class VrrpPipelineAndSyncGroupTests : IDisposable
{
    private const string Start = "HaTools.Commands.StartVrrpInstanceCommand";
    private readonly PowerShellSession _s = new();
    private VethPair? _net;

    public void Dispose()
    {
        _s.Invoke("Get-Job | Remove-Job -Force");
        _s.Dispose();
        _net?.Dispose();
    }

    private VethPair Net(string? interfaceName = null, string? subnet = null) => _net ??= new VethPair(interfaceName, subnet);

    private static string Asset(string name) => PowerShellSession.Asset(Path.Combine("vrrp", name));

    private string? Prop(string instance, string property, PSObject? job = null)
    {
        var r = job is null
            ? _s.Invoke("$i = Get-VrrpInstance -Name $args[0]; if ($i) { \"$($i.($args[1]))\" }", instance, property)
            : _s.Invoke("$i = Get-VrrpInstance -Job $args[2] | Where-Object Name -eq $args[0]; if ($i) { \"$($i.($args[1]))\" }", instance, property, job);
        return r.Output.Count == 1 ? r.Output[0].ToString() : null;
    }

    private void WaitFor(string instance, string property, string value, PSObject? job = null, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Prop(instance, property, job) != value)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{instance}.{property} never became {value} (now {Prop(instance, property, job)})");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void Pscustomobjects_bind_by_property_name_and_start_in_one_job_as_one_sync_group()
    {
        var net = Net();
        // The second row is what Import-Csv yields: every value a string, two VIPs in one cell, no Priority column.
        var r = _s.Invoke(
            "$rows = [pscustomobject]@{ Name = 'VI_P1'; Interface = $args[0]; VirtualRouterId = 41; Priority = 120; Version = 3; AdvertisementInterval = 0.1; VirtualIPAddress = $args[1]; State = 'MASTER' }, " +
            "        [pscustomobject]@{ Name = 'VI_P2'; Interface = $args[0]; VirtualRouterId = '42'; Version = '3'; AdvertisementInterval = '0.1'; VirtualIPAddress = $args[2]; State = 'MASTER'; NoPreempt = 'false'; Accept = 'true' }; " +
            "$rows | Start-VrrpInstance -NetworkNamespace $args[3] -SyncGroup G_ROWS -GarpMasterDelay 0 -JobName rows",
            net.InterfaceA, net.Subnet + ".141/24", $"{net.Subnet}.142/24, {net.Subnet}.143/24", net.NamespaceA);
        r.ThrowIfErrors();
        Assert.Equal("rows", Assert.Single(r.Output).Properties["Name"].Value);
        Assert.Single(_s.Invoke("Get-Job").Output);
        Assert.Equal(new[] { "VI_P1", "VI_P2" }, _s.Invoke("Get-VrrpInstance | ForEach-Object Name").Output.Select(o => o.ToString()));

        // Values from one row never leak into the next: VI_P2 had no Priority, so it gets the default 100.
        Assert.Equal("120", Prop("VI_P1", "BasePriority"));
        Assert.Equal("100", Prop("VI_P2", "BasePriority"));
        Assert.Equal("G_ROWS", Prop("VI_P1", "SyncGroup"));
        Assert.Equal("G_ROWS", Prop("VI_P2", "SyncGroup"));
        WaitFor("VI_P1", "State", "Master");
        WaitFor("VI_P2", "State", "Master");
        var addresses = net.Addresses(net.NamespaceA);
        Assert.Contains(net.Subnet + ".142/24", addresses);
        Assert.Contains(net.Subnet + ".143/24", addresses);

        // Moving together: one member stepping down takes the other with it (keepalived vrrp_sync_group).
        _s.Invoke("Suspend-VrrpInstance -Name VI_P1").ThrowIfErrors();
        WaitFor("VI_P2", "State", "Backup");
        Thread.Sleep(600);
        Assert.Equal("Backup", Prop("VI_P2", "State"));
        Assert.DoesNotContain(net.Subnet + ".142/24", net.Addresses(net.NamespaceA));
        _s.Invoke("Resume-VrrpInstance -Name VI_P1").ThrowIfErrors();
        WaitFor("VI_P1", "State", "Master");
        WaitFor("VI_P2", "State", "Master");
    }

    [Fact]
    public void A_real_keepalived_pair_runs_from_Import_KeepalivedConfig_by_pipeline_and_by_Config()
    {
        // The golden-capture lab's files, unchanged: eth0, 10.77.0.0/24, VRRPv3 unicast at 0.5 s.
        var net = Net("eth0", "10.77.0");
        var a = _s.Invoke("Import-KeepalivedConfig $args[0] | Start-VrrpInstance -NetworkNamespace $args[1]", Asset("v3-ipv4-unicast.node1.conf"), net.NamespaceA);
        a.ThrowIfErrors();
        var b = _s.Invoke("Start-VrrpInstance -Config (Import-KeepalivedConfig $args[0]) -NetworkNamespace $args[1]", Asset("v3-ipv4-unicast.node2.conf"), net.NamespaceB);
        b.ThrowIfErrors();
        var jobA = Assert.Single(a.Output);
        var jobB = Assert.Single(b.Output);

        WaitFor("VI_1", "State", "Master", jobA);
        WaitFor("VI_1", "State", "Backup", jobB);
        Assert.Equal("10.77.0.1", Prop("VI_1", "MasterAddress", jobB));
        Assert.Equal("150", Prop("VI_1", "EffectivePriority", jobA));
        var vips = net.Addresses(net.NamespaceA);
        Assert.Contains("10.77.0.100/24", vips);
        Assert.Contains("10.77.0.101/24", vips);
        Assert.DoesNotContain("10.77.0.100/24", net.Addresses(net.NamespaceB));
    }

    [Fact]
    public void A_v3_config_with_authentication_starts_without_it_and_warns_naming_the_file_and_line()
    {
        var net = Net("eth0", "10.77.0");
        var file = Asset(Path.Combine("cmdlets", "v3-with-auth.conf"));
        var r = _s.Invoke("Import-KeepalivedConfig $args[0] | Start-VrrpInstance -NetworkNamespace $args[1]", file, net.NamespaceA);
        r.ThrowIfErrors();
        Assert.Single(r.Output);
        var line = Array.IndexOf(File.ReadAllLines(file), "vrrp_instance VI_AUTH {") + 1;
        var warning = Assert.Single(r.Warnings, w => w.Contains("authentication", StringComparison.Ordinal));
        Assert.StartsWith($"{file}:{line}: (VI_AUTH) VRRP version 3 does not support authentication", warning);
        WaitFor("VI_AUTH", "State", "Master");
        Assert.Contains("10.77.0.61/24", net.Addresses(net.NamespaceA));
    }

    [Fact]
    public void A_config_sync_group_still_works_and_conflicting_SyncGroup_use_is_refused_before_anything_starts()
    {
        var net = Net("eth0", "10.77.0");
        var file = Asset(Path.Combine("cmdlets", "sync-pair.conf"));

        // Same name as the config's group, or an instance that is already in it: refused, nothing started.
        foreach (var name in new[] { "G_FRONT_BACK", "G_OTHER" })
        {
            var bad = _s.Invoke("Import-KeepalivedConfig $args[0] | Start-VrrpInstance -NetworkNamespace $args[1] -SyncGroup $args[2]", file, net.NamespaceA, name);
            var e = bad.TerminatingRecord ?? Assert.Single(bad.Errors);
            Assert.Equal("VrrpSyncGroupConflict," + Start, e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Contains("G_FRONT_BACK", e.Exception.Message);
            Assert.Empty(_s.Invoke("Get-Job").Output);
        }

        var ok = _s.Invoke("Start-VrrpInstance -Config (Import-KeepalivedConfig $args[0]) -NetworkNamespace $args[1]", file, net.NamespaceA);
        ok.ThrowIfErrors();
        WaitFor("VI_FRONT", "State", "Master");
        WaitFor("VI_BACK", "State", "Master");
        Assert.Equal("G_FRONT_BACK", Prop("VI_BACK", "SyncGroup"));

        // One name, one event loop: a second call cannot join a group that runs in another job.
        var again = _s.Invoke(
            "Start-VrrpInstance -Name VI_LATE -Interface eth0 -VirtualRouterId 73 -Version 3 -AdvertisementInterval 0.1 -VirtualIPAddress 10.77.0.73/24 -NetworkNamespace $args[0] -SyncGroup G_FRONT_BACK",
            net.NamespaceA);
        var late = again.TerminatingRecord ?? Assert.Single(again.Errors);
        Assert.Equal("VrrpSyncGroupInOtherJob," + Start, late.FullyQualifiedErrorId);
        Assert.Single(_s.Invoke("Get-Job").Output);
    }

    [Fact]
    public void Track_process_in_a_piped_config_reaches_the_runtime_and_a_missing_process_means_FAULT()
    {
        var net = Net("eth0", "10.77.0");
        // A process name nothing runs: with weight 0 (keepalived's default), no quorum means FAULT.
        var missing = $"htvjnone{Environment.ProcessId}";
        var text = $"vrrp_track_process chk_proc {{\n process {missing}\n}}\n" +
                   "vrrp_instance VI_PROC {\n state MASTER\n interface eth0\n virtual_router_id 81\n priority 150\n version 3\n advert_int 0.1\n" +
                   " track_process {\n chk_proc\n }\n virtual_ipaddress {\n 10.77.0.81/24\n }\n}\n";
        var r = _s.Invoke("Import-KeepalivedConfig -Content $args[0] | Start-VrrpInstance -NetworkNamespace $args[1]", text, net.NamespaceA);
        r.ThrowIfErrors();
        WaitFor("VI_PROC", "State", "Fault");
        Assert.Contains("chk_proc", Prop("VI_PROC", "FaultReasons"));
        Assert.DoesNotContain("10.77.0.81/24", net.Addresses(net.NamespaceA));
    }
}
