using System.Management.Automation;

namespace HaTools.PowerShell.Tests.Vrrp;

/// <summary>
/// -Config objects, track scripts and the foreground -Wait mode, on real sockets in two namespaces (root).
/// </summary>
[Collection(HostedJobsCollection.Name)]
public sealed class VrrpConfigAndTrackingTests : IDisposable
{
    private readonly VethPair _net = new();
    private readonly PowerShellSession _s = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("htvj").FullName;

    public void Dispose()
    {
        _s.Invoke("Get-Job | Remove-Job -Force");
        _s.Dispose();
        _net.Dispose();
        Directory.Delete(_dir, true);
    }

    private string? Prop(string instance, string property)
    {
        var r = _s.Invoke("$i = Get-VrrpInstance -Name $args[0]; if ($i) { \"$($i.($args[1]))\" }", instance, property);
        return r.Output.Count == 1 ? r.Output[0].ToString() : null;
    }

    private void WaitFor(string instance, string property, string value, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Prop(instance, property) != value)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{instance}.{property} never became {value} (now {Prop(instance, property)})");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void Config_objects_from_the_pipeline_run_instances_and_sync_groups_in_one_job()
    {
        // The objects Import-KeepalivedConfig yields, built by hand so this test depends only on the model.
        var r = _s.Invoke(@"
            $mk = {
                param($name, $vrid, $vip)
                $i = [HaTools.Core.Config.VrrpInstanceConfig]::new()
                $i.Name = $name; $i.Interface = $args[0]; $i.VirtualRouterId = $vrid; $i.Priority = 120; $i.Version = 3
                $i.AdvertisementInterval = [TimeSpan]::FromMilliseconds(100); $i.State = 'Master'
                $v = [HaTools.Core.Config.VirtualIPAddressConfig]::new(); $v.Address = [Net.IPAddress]::Parse($vip); $v.PrefixLength = 24
                $i.VirtualIPAddresses.Add($v)
                $i
            }
            $g = [HaTools.Core.Config.VrrpSyncGroupConfig]::new(); $g.Name = 'G1'; $g.Group.Add('VI_X'); $g.Group.Add('VI_Y')
            $objs = (& $mk 'VI_X' 71 $args[1] $args[0]), (& $mk 'VI_Y' 72 $args[2] $args[0]), $g
            $objs | Start-VrrpInstance -NetworkNamespace $args[3] -JobName cfg",
            _net.InterfaceA, _net.Subnet + ".111", _net.Subnet + ".112", _net.NamespaceA);
        r.ThrowIfErrors();
        Assert.Equal("cfg", Assert.Single(r.Output).Properties["Name"].Value);
        WaitFor("VI_X", "State", "Master");
        WaitFor("VI_Y", "State", "Master");
        Assert.Equal("G1", Prop("VI_X", "SyncGroup"));
        Assert.Contains(_net.Subnet + ".112/24", _net.Addresses(_net.NamespaceA));
        Assert.Equal(new[] { "VI_X", "VI_Y" }, _s.Invoke("Get-VrrpInstance | ForEach-Object Name").Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_failing_track_script_lowers_the_priority_and_the_backup_takes_over()
    {
        var flag = Path.Combine(_dir, "healthy");
        File.WriteAllText(flag, "");
        var common = $"-VirtualRouterId 81 -Version 3 -AdvertisementInterval 0.1 -VirtualIPAddress {_net.Vip}/24 -GarpMasterDelay 0";
        _s.Invoke($"Start-VrrpInstance -Name VI_A -Interface {_net.InterfaceA} -Priority 150 -NetworkNamespace {_net.NamespaceA} {common} " +
                  $"-TrackScript @{{ Name = 'chk_flag'; Script = '/usr/bin/test -e {flag}'; Interval = 0.2; Weight = -100; Fall = 2 }}").ThrowIfErrors();
        _s.Invoke($"Start-VrrpInstance -Name VI_B -Interface {_net.InterfaceB} -Priority 100 -NetworkNamespace {_net.NamespaceB} {common}").ThrowIfErrors();
        WaitFor("VI_A", "State", "Master");

        File.Delete(flag); // the checked service "dies"
        WaitFor("VI_A", "EffectivePriority", "50");
        WaitFor("VI_B", "State", "Master");
        Assert.Contains("chk_flag", _s.Invoke("(Get-VrrpInstance VI_A).PriorityReasons | ForEach-Object { \"$_\" }").Output.Select(o => o.ToString()).Single());

        File.WriteAllText(flag, ""); // back: weight no longer applies, A preempts
        WaitFor("VI_A", "State", "Master");
        Assert.Equal("150", Prop("VI_A", "EffectivePriority"));
    }

    [Fact]
    public void A_track_file_moves_the_priority_by_value_times_weight()
    {
        var file = Path.Combine(_dir, "prio");
        File.WriteAllText(file, "0");
        _s.Invoke($"Start-VrrpInstance -Name VI_F -Interface {_net.InterfaceA} -VirtualRouterId 95 -Priority 150 -Version 3 -AdvertisementInterval 0.1 " +
                  $"-VirtualIPAddress {_net.Vip}/24 -NetworkNamespace {_net.NamespaceA} -TrackFile @{{ Path = '{file}'; Weight = -2 }}").ThrowIfErrors();
        WaitFor("VI_F", "EffectivePriority", "150");
        File.WriteAllText(file, "10");
        WaitFor("VI_F", "EffectivePriority", "130");
        var bad = _s.Invoke($"Start-VrrpInstance -Name VI_G -Interface {_net.InterfaceA} -VirtualRouterId 96 -VirtualIPAddress {_net.Vip}/24 -NetworkNamespace {_net.NamespaceA} -TrackFile @{{ Weight = 1 }}");
        Assert.Equal("TrackFileInvalid,HaTools.Commands.StartVrrpInstanceCommand", (bad.TerminatingRecord ?? Assert.Single(bad.Errors)).FullyQualifiedErrorId);
    }

    [Fact]
    public void Tab_completion_offers_running_instances_and_namespaces()
    {
        _s.Invoke($"Start-VrrpInstance -Name VI_COMPLETE -Interface {_net.InterfaceA} -VirtualRouterId 97 -VirtualIPAddress {_net.Vip}/24 -NetworkNamespace {_net.NamespaceA}").ThrowIfErrors();
        string[] Complete(string line) => _s.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
            .Output.Select(o => o.ToString()).ToArray();
        Assert.Equal(new[] { "VI_COMPLETE" }, Complete("Set-VrrpInstance -Name VI_C"));
        Assert.Contains(_net.NamespaceB, Complete("Start-VrrpInstance -NetworkNamespace " + _net.NamespaceB[..^1]));
    }

    [Fact]
    public void Wait_runs_in_the_foreground_and_a_pipeline_stop_shuts_down_gracefully()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _s.Runspace;
        ps.AddScript($"Start-VrrpInstance -Name VI_W -Interface {_net.InterfaceA} -VirtualRouterId 91 -Version 3 -AdvertisementInterval 0.1 " +
                     $"-VirtualIPAddress {_net.Vip}/24 -NetworkNamespace {_net.NamespaceA} -State MASTER -GarpMasterDelay 0 -Wait");
        var output = new PSDataCollection<PSObject>();
        var run = ps.BeginInvoke<PSObject, PSObject>(null, output);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!output.Any(o => o.Properties["To"]?.Value?.ToString() == "Master"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no MASTER transition written in the foreground");
            Thread.Sleep(50);
        }
        Assert.Contains(_net.Vip + "/24", _net.Addresses(_net.NamespaceA));

        // Ctrl+C in a console host is a pipeline stop.
        var stop = Task.Run(ps.Stop);
        Assert.True(stop.Wait(TimeSpan.FromSeconds(30)), "the pipeline did not stop");
        Assert.True(run.IsCompleted);
        Assert.DoesNotContain(_net.Vip + "/24", _net.Addresses(_net.NamespaceA));
    }
}
