using HaTools.Kernel.Tests.Harness;
using HaTools.PowerShell.Tests;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// Import-KeepalivedConfig | Start-VirtualServer in the hosted engine inside the VM, against real IPVS:
/// the job follows a stopped listener, reports it through Receive-Job and Get-VirtualServerStatus, and
/// Stop-Job takes out exactly what the job added, leaving services and destinations that were there before.
/// </summary>
[Collection(KernelPowerShellCollection.Name)]
public sealed class VirtualServerCmdletKernelTests : IpvsKernelTest
{
    private const string Adopted = "10.201.1.3";
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly KernelPowerShell _ps;
    private readonly RealServerLab _lab = new(servers: 2);

    public VirtualServerCmdletKernelTests(KernelPowerShell ps) => _ps = ps;

    public override void Dispose()
    {
        _ps.Invoke("Get-Job -Name htvs-kernel -ErrorAction SilentlyContinue | Remove-Job -Force");
        _lab.Dispose();
        base.Dispose();
    }

    private InvocationResult Ok(string script, params object?[] args)
    {
        var r = _ps.Invoke(script, args);
        r.ThrowIfErrors();
        return r;
    }

    [KernelFact]
    public void Start_VirtualServer_follows_a_stopped_listener_and_Stop_Job_removes_only_what_the_job_added()
    {
        string a = _lab[0].ToString(), b = _lab[1].ToString();
        // An unrelated service, and the second virtual_server's service already there with a foreign destination.
        Ipvsadm.Restore($"""
            -A -t 10.201.1.2:80 -s rr
            -a -t 10.201.1.2:80 -r 10.201.0.50:80 -g -w 1
            -A -t {Adopted}:80 -s wrr -p 60 -M 255.255.255.0
            -a -t {Adopted}:80 -r 10.201.0.50:80 -g -w 5

            """);
        var before = Ipvsadm.Save();
        var first = CheckLabConfig.Text(_lab, [2, 1]);
        var config = first + first.Replace(CheckLabConfig.VirtualAddress + " 80", Adopted + " 80");

        var started = Ok("$htvs = Import-KeepalivedConfig -Content $args[0] | Start-VirtualServer -Name htvs-kernel; $htvs.GetType().Name; $htvs.VirtualServers", config);
        Assert.Equal(new[] { "VirtualServerJob", $"{CheckLabConfig.VirtualAddress}:80", $"{Adopted}:80" }, started.Output.Select(o => o.ToString()));

        using var recorder = new IpvsTableRecorder(CheckLabConfig.ServiceName);
        var full = CheckLabConfig.State((a, 2), (b, 1));
        recorder.WaitFor(full, StepTimeout);
        var listing = Ipvsadm.List();
        var created = listing.Find(CheckLabConfig.ServiceName)!;
        Assert.Equal(("wrr", 60, "255.255.255.0"), (created.Scheduler, created.PersistentTimeout, created.Netmask));
        Assert.Equal(new[] { "10.201.0.11:80 Route 2", "10.201.0.12:80 Route 1", "10.201.0.50:80 Route 5" },
            listing.Find($"TCP {Adopted}:80")!.RealServers.Select(r => $"{r.Address} {r.Forward} {r.Weight}").Order());
        var status = Ok("Get-VirtualServerStatus | ForEach-Object { '{0} {1}/{2} quorum={3}' -f $_.Name, @($_.RealServers | Where-Object Alive).Count, $_.RealServers.Count, $_.QuorumUp }");
        Assert.Equal(new[] { $"{CheckLabConfig.VirtualAddress}:80 2/2 quorum=True", $"{Adopted}:80 2/2 quorum=True" }, status.Output.Select(o => o.ToString()));

        var since = recorder.Now;
        _lab.Stop(_lab[0]);
        var (state, latency) = recorder.WaitForSettledChange(full, since, Settle, StepTimeout);
        Assert.Equal(CheckLabConfig.State((b, 1)), state);
        Console.WriteLine($"Start-VirtualServer: {a} left the kernel table {latency.TotalMilliseconds:0} ms after its listener stopped");
        WaitUntil(() => !Ipvsadm.List().Find($"TCP {Adopted}:80")!.RealServers.Any(r => r.Address == $"{a}:80"), $"{a} leaving {Adopted}");
        var down = Ok("Receive-Job -Name htvs-kernel | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.VirtualServer, $_.RealServer }");
        Assert.Equal(new[] { $"RealServerDown {CheckLabConfig.VirtualAddress}:80 {a}:80", $"RealServerDown {Adopted}:80 {a}:80" }, down.Output.Select(o => o.ToString()).Order());
        var why = Ok("(Get-VirtualServerStatus -Job $htvs)[0].RealServers | Where-Object { -not $_.Alive } | ForEach-Object { '{0} {1}' -f $_.RealServer, $_.InPool }");
        Assert.Equal($"{a}:80 False", Assert.Single(why.Output).ToString());

        since = recorder.Now;
        _lab.Start(_lab[0]);
        Assert.Equal(full, recorder.WaitForSettledChange(state, since, Settle, StepTimeout).State);

        var stopped = Ok("$htvs | Stop-Job; $htvs.State");
        Assert.Equal("Stopped", Assert.Single(stopped.Output).ToString());
        Assert.Equal(before, Ipvsadm.Save());
        Ok("$htvs | Remove-Job");
    }

    [KernelFact]
    public void Virtual_server_group_gets_one_service_per_member_and_WhatIf_creates_nothing()
    {
        string a = _lab[0].ToString(), b = _lab[1].ToString();
        var config = """
            virtual_server_group htgrp {
                10.201.1.5 80
                10.201.1.6 80
            }

            """ + CheckLabConfig.Text(_lab, [2, 1]).Replace($"virtual_server {CheckLabConfig.VirtualAddress} 80", "virtual_server group htgrp");

        var whatIf = Ok("Import-KeepalivedConfig -Content $args[0] | Start-VirtualServer -Name htvs-kernel -WhatIf", config);
        Assert.Empty(whatIf.Output);
        Assert.Empty(Ipvsadm.List().Services);

        Ok("$htvs = Import-KeepalivedConfig -Content $args[0] | Start-VirtualServer -Name htvs-kernel", config);
        using var five = new IpvsTableRecorder("TCP 10.201.1.5:80");
        using var six = new IpvsTableRecorder("TCP 10.201.1.6:80");
        var full = CheckLabConfig.State((a, 2), (b, 1));
        five.WaitFor(full, StepTimeout);
        six.WaitFor(full, StepTimeout);
        Assert.Equal(new[] { "TCP 10.201.1.5:80", "TCP 10.201.1.6:80" }, Ipvsadm.List().Services.Select(s => s.Key));

        Ok("$htvs | Stop-Job; $htvs | Remove-Job");
        Assert.Empty(Ipvsadm.List().Services);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            Thread.Sleep(200);
        }
    }
}
