using System.Management.Automation;
using HaTools.Kernel.Tests.Harness;
using HaTools.PowerShell.Tests;

namespace HaTools.Kernel.Tests.Ipvs;

/// <summary>
/// The Ipvs cmdlets through the hosted PowerShell engine inside the VM, against the real kernel;
/// ipvsadm is the referee for every change.
/// </summary>
public sealed class IpvsCmdletKernelTests : IpvsKernelTest
{
    private readonly PowerShellSession _s = new();

    public override void Dispose()
    {
        _s.Dispose();
        base.Dispose();
    }

    private InvocationResult Ok(string script, params object?[] args)
    {
        var r = _s.Invoke(script, args);
        r.ThrowIfErrors();
        return r;
    }

    [KernelFact]
    public void Lvs_dr_pipeline_builds_the_pool_ipvsadm_lists()
    {
        Ok("New-IpvsService -Address 192.0.2.10 -Port 80 -Scheduler wlc | Add-IpvsRealServer -RealAddress 10.0.0.11 -ForwardingMethod DirectRouting");
        Ok("Get-IpvsService -Port 80 | Add-IpvsRealServer -RealAddress 10.0.0.13 -ForwardingMethod DirectRouting -Weight 2");

        var svc = Ipvsadm.List().Find("TCP 192.0.2.10:80")!;
        Assert.Equal("wlc", svc.Scheduler);
        Assert.Equal(new[] { "10.0.0.11:80", "10.0.0.13:80" }, svc.RealServers.Select(r => r.Address));
        Assert.All(svc.RealServers, r => Assert.Equal("Route", r.Forward));
        Assert.Equal(2, svc.RealServers[1].Weight);

        var ours = Ok("Get-IpvsRealServer -Address 192.0.2.10 -Port 80 | ForEach-Object { '{0} {1} {2}' -f $_.Name, $_.ForwardingMethod, $_.Weight }");
        Assert.Equal(new[] { "10.0.0.11:80 DirectRouting 1", "10.0.0.13:80 DirectRouting 2" }, ours.Output.Select(o => o.ToString()));
    }

    [KernelFact]
    public void Lvs_nat_persistent_service_reads_back_through_both()
    {
        Ok("New-IpvsService 192.0.2.20 443 -Scheduler rr -PersistenceTimeout 600 -PersistenceNetmask 255.255.255.0 | Add-IpvsRealServer -RealAddress 10.0.1.5 -RealPort 8443 -ForwardingMethod Masquerade -Weight 3 -UpperThreshold 500");

        Assert.Equal("-A -t 192.0.2.20:443 -s rr -p 600 -M 255.255.255.0\n-a -t 192.0.2.20:443 -r 10.0.1.5:8443 -m -w 3\n", Ipvsadm.Save());
        var r = Ok("Get-IpvsService -Address 192.0.2.20 | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Name, $_.PersistenceTimeout, $_.PersistencePrefixLength, $_.IsPersistent }");
        Assert.Equal("TCP 192.0.2.20:443|600|24|True", Assert.Single(r.Output).ToString());
        var t = IpvsadmListing.Parse(Ipvsadm.Run("-L", "-n", "--thresholds")).Find("TCP 192.0.2.20:443")!.RealServers[0];
        Assert.Equal("500", t.Columns["Uthreshold"]);
    }

    [KernelFact]
    public void Weight_zero_drains_and_remove_takes_the_real_server_out()
    {
        Ipvsadm.Restore("-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.12:80 -g -w 1\n");

        Ok("Get-IpvsRealServer -RealAddress 10.0.0.11 | Set-IpvsRealServer -Weight 0");
        Assert.Equal(0, Ipvsadm.List().Find("TCP 10.0.0.1:80")!.RealServers[0].Weight);

        Ok("Remove-IpvsRealServer -Address 10.0.0.1 -Port 80 -RealAddress 10.0.0.11 -Confirm:$false");
        Assert.Equal(new[] { "10.0.0.12:80" }, Ipvsadm.List().Find("TCP 10.0.0.1:80")!.RealServers.Select(r => r.Address));
    }

    [KernelFact]
    public void Duplicate_service_is_a_resource_exists_error_record()
    {
        Ok("New-IpvsService -Address 10.0.0.1 -Port 80");
        var r = _s.Invoke("New-IpvsService -Address 10.0.0.1 -Port 80");
        var e = Assert.Single(r.Errors);
        Assert.Equal("IpvsServiceExists,HaTools.Commands.NewIpvsServiceCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
        Assert.Contains("already exists", e.Exception.Message);
    }

    [KernelFact]
    public void Missing_service_and_real_server_are_object_not_found()
    {
        var r = _s.Invoke("Remove-IpvsService -Address 10.0.0.9 -Port 80 -Confirm:$false");
        Assert.Equal("IpvsServiceNotFound,HaTools.Commands.RemoveIpvsServiceCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Ok("New-IpvsService -Address 10.0.0.1 -Port 80");
        r = _s.Invoke("Remove-IpvsRealServer -Address 10.0.0.1 -Port 80 -RealAddress 10.0.0.99 -Confirm:$false");
        var e = Assert.Single(r.Errors);
        Assert.Equal("IpvsRealServerNotFound,HaTools.Commands.RemoveIpvsRealServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
    }

    [KernelFact]
    public void Mixed_families_get_the_kernels_refusal_as_invalid_argument()
    {
        Ok("New-IpvsService -Address 10.0.0.1 -Port 80");
        var r = _s.Invoke("Add-IpvsRealServer -Address 10.0.0.1 -Port 80 -RealAddress 2001:db8::5 -ForwardingMethod Masquerade");
        var e = Assert.Single(r.Errors);
        Assert.Equal("IpvsInvalidArgument,HaTools.Commands.AddIpvsRealServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
    }

    [KernelFact]
    public void Sync_whatif_changes_nothing_then_sync_applies_and_a_second_sync_is_a_no_op()
    {
        Ipvsadm.Restore("-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 1\n-A -t 10.0.0.1:81 -s rr\n");
        var before = Ipvsadm.Save();
        var rules = Path.Combine(Path.GetTempPath(), "ht-ipvs-sync.rules");
        File.WriteAllText(rules, "-A -t 10.0.0.1:80 -s wlc\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.12:80 -m -w 2\n");

        Ok("Sync-IpvsConfig -Path $args[0] -WhatIf", rules);
        Assert.Equal(before, Ipvsadm.Save());

        var applied = Ok("Sync-IpvsConfig -Path $args[0] -Confirm:$false | ForEach-Object Description", rules);
        Assert.Equal(new[] { "-E -t 10.0.0.1:80 -s wlc", "-a -t 10.0.0.1:80 -r 10.0.0.12:80 -m -w 2", "-D -t 10.0.0.1:81" }, applied.Output.Select(o => o.ToString()));
        Assert.Equal(File.ReadAllText(rules), Ipvsadm.Save());

        Assert.Empty(Ok("Sync-IpvsConfig -Path $args[0] -Confirm:$false", rules).Output);
    }

    [KernelFact]
    public void Export_equals_ipvsadm_save_and_import_restores_it()
    {
        Ipvsadm.Restore("-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 5\n-A -u [2001:db8::1]:53 -s rr -p 60 -M 64\n-a -u [2001:db8::1]:53 -r [2001:db8::11]:53 -m -w 1\n");
        var saved = Ipvsadm.Save();
        var file = Path.Combine(Path.GetTempPath(), "ht-ipvs-export.rules");

        Assert.Equal(saved, Assert.Single(Ok("Export-IpvsConfig").Output).ToString());
        Ok("Export-IpvsConfig -Path $args[0]", file);
        Ok("Clear-IpvsService -Confirm:$false");
        Assert.Empty(Ipvsadm.List().Services);

        Ok("Import-IpvsConfig $args[0] | New-IpvsService", file);
        Assert.Equal(saved, Ipvsadm.Save());
    }

    [KernelFact]
    public void Timeouts_and_info_agree_with_ipvsadm()
    {
        var before = Ipvsadm.Timeouts();
        try
        {
            Ok("Set-IpvsTimeout -Tcp 1200 -Udp 100");
            var t = Ipvsadm.Timeouts();
            Assert.Equal((1200, before.TcpFin, 100), (t.Tcp, t.TcpFin, t.Udp));
            var ours = Ok("Get-IpvsTimeout | ForEach-Object { '{0} {1} {2}' -f $_.Tcp, $_.TcpFin, $_.Udp }");
            Assert.Equal($"1200 {before.TcpFin} 100", Assert.Single(ours.Output).ToString());
        }
        finally
        {
            Ipvsadm.Run("--set", before.Tcp.ToString(), before.TcpFin.ToString(), before.Udp.ToString());
        }
        var info = Ok("Get-IpvsInfo | ForEach-Object { '{0} {1}' -f $_.Version, $_.ConnectionTableSize }");
        var listing = Ipvsadm.List();
        Assert.Equal($"{listing.Version} {listing.TableSize}", Assert.Single(info.Output).ToString());
    }

    [KernelFact]
    public void Keepalived_config_creates_the_table_keepalived_would_and_sync_keeps_it()
    {
        var conf = PowerShellSession.Asset(Path.Combine("ipvs", "lvs-dr.conf"));
        const string expected =
            "-A -t 192.0.2.10:80 -s wlc -p 300\n" +
            "-a -t 192.0.2.10:80 -r 10.0.0.11:80 -g -w 2\n" +
            "-a -t 192.0.2.10:80 -r 10.0.0.12:80 -g -w 1\n" +
            "-A -u 192.0.2.10:53 -s rr\n" +
            "-a -u 192.0.2.10:53 -r 10.0.1.5:5353 -m -w 1\n";

        Ok("(Import-KeepalivedConfig $args[0]).VirtualServers | New-IpvsService", conf);
        Assert.Equal(expected, Ipvsadm.Save());

        Ipvsadm.Run("-e", "-t", "192.0.2.10:80", "-r", "10.0.0.12:80", "-g", "-w", "0");
        var changes = Ok("(Import-KeepalivedConfig $args[0]).VirtualServers | Sync-IpvsConfig -Confirm:$false | ForEach-Object Description", conf);
        Assert.Equal("-e -t 192.0.2.10:80 -r 10.0.0.12:80 -g -w 1", Assert.Single(changes.Output).ToString());
        Assert.Equal(expected, Ipvsadm.Save());
    }

    [KernelFact]
    public void Set_service_changes_only_what_is_given()
    {
        Ipvsadm.Restore("-A -t 10.0.0.1:80 -s rr -p 120\n");
        Ok("Set-IpvsService -Address 10.0.0.1 -Port 80 -Scheduler wlc");
        Assert.Equal("-A -t 10.0.0.1:80 -s wlc -p 120\n", Ipvsadm.Save());
        Ok("Get-IpvsService -Port 80 | Set-IpvsService -Persistent:$false");
        Assert.Equal("-A -t 10.0.0.1:80 -s wlc\n", Ipvsadm.Save());
    }

    [KernelFact]
    public void Fwmark_and_ipv6_services_from_parameters()
    {
        Ok("New-IpvsService -FirewallMark 5 -IPv6 -Scheduler mh -SchedulerFlags mh-port,mh-fallback");
        Ok("New-IpvsService -Address 2001:db8::1 -Port 53 -Protocol UDP -Scheduler sh -OnePacket -PersistencePrefixLength 64");
        Assert.Equal("-A -u [2001:db8::1]:53 -s sh -p 300 -M 64 -o\n-A -f 5 -6 -s mh -b mh-fallback,mh-port\n", Ipvsadm.Save());
    }

    [KernelFact]
    public void Clear_counter_zeroes_the_named_service_and_leaves_the_others()
    {
        // Local connections to a VIP on lo pass through IPVS (LOCAL_OUT); refused ones still count.
        Run("ip", "addr", "add", "10.255.1.1/32", "dev", "lo");
        Run("ip", "link", "set", "lo", "up");
        try
        {
            Ipvsadm.Restore("-A -t 10.255.1.1:7 -s rr\n-a -t 10.255.1.1:7 -r 10.255.1.1:9 -m -w 1\n" +
                            "-A -t 10.255.1.1:8 -s rr\n-a -t 10.255.1.1:8 -r 10.255.1.1:9 -m -w 1\n");
            foreach (var port in new[] { 7, 8, 7, 8 })
            {
                using var client = new System.Net.Sockets.TcpClient();
                try { client.Connect(System.Net.IPAddress.Parse("10.255.1.1"), port); } catch (System.Net.Sockets.SocketException) { }
            }

            // The kernel folds per-CPU counters into what it reports on its 2 s estimator tick.
            long Conns(string name) => IpvsadmListing.Parse(Ipvsadm.Run("-L", "-n", "--stats", "--exact")).Find(name)!.Counter("Conns");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((Conns("TCP 10.255.1.1:7") == 0 || Conns("TCP 10.255.1.1:8") == 0) && DateTime.UtcNow < deadline)
                Thread.Sleep(500);
            Assert.True(Conns("TCP 10.255.1.1:7") > 0 && Conns("TCP 10.255.1.1:8") > 0, "IPVS counted no connections");
            var before8 = Conns("TCP 10.255.1.1:8");

            var passed = Ok("Clear-IpvsCounter 10.255.1.1 7 -PassThru | ForEach-Object { '{0} {1}' -f $_.Name, $_.Stats.Connections }");
            Assert.Equal("TCP 10.255.1.1:7 0", Assert.Single(passed.Output).ToString());
            Assert.Equal(0, Conns("TCP 10.255.1.1:7"));
            Assert.Equal(before8, Conns("TCP 10.255.1.1:8"));

            Ok("Clear-IpvsCounter -WhatIf");
            Assert.Equal(before8, Conns("TCP 10.255.1.1:8"));
            Ok("Clear-IpvsCounter");
            Assert.Equal(0, Conns("TCP 10.255.1.1:8"));

            var missing = _s.Invoke("Clear-IpvsCounter -Address 10.255.1.1 -Port 99");
            Assert.Equal("IpvsServiceNotFound,HaTools.Commands.ClearIpvsCounterCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }
        finally
        {
            Run("ip", "addr", "del", "10.255.1.1/32", "dev", "lo");
        }
    }
}
