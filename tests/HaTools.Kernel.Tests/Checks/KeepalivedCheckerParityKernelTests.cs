using System.Net;
using System.Text;
using HaTools.Kernel.Tests.Harness;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// The same keepalived.conf, the same faults, two implementations: keepalived 2.2.7's checker and
/// HaTools' VirtualServerMonitor each run the virtual server against the VM's IPVS while a neutral
/// recorder watches the table. Listeners stop one by one until the sorry server takes over, then
/// return one by one. Both must walk through the same settled table states; the leave and rejoin times
/// of each step are printed (and recorded in bench/README.md, "Health checks in the kernel VM").
/// </summary>
public sealed class KeepalivedCheckerParityKernelTests : IpvsKernelTest
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(1500);

    /// <summary>Leave: delay_loop + retry × delay_before_retry (a refused connect fails at once) + TCG slack.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly RealServerLab _lab = new(servers: 3);

    public override void Dispose()
    {
        _lab.Dispose();
        base.Dispose();
    }

    private string Config => CheckLabConfig.Text(_lab, [2, 1, 1], $"sorry_server {CheckLabConfig.SorryServer} 80");

    private (string Name, Action Fault, string Expected)[] Steps()
    {
        IPAddress a = _lab[0], b = _lab[1], c = _lab[2];
        string s11 = a.ToString(), s12 = b.ToString(), s13 = c.ToString();
        return
        [
            ($"stop {s11}", () => _lab.Stop(a), CheckLabConfig.State((s12, 1), (s13, 1))),
            ($"stop {s12}", () => _lab.Stop(b), CheckLabConfig.State((s13, 1))),
            ($"stop {s13} (sorry server in)", () => _lab.Stop(c), CheckLabConfig.State((CheckLabConfig.SorryServer, 1))),
            ($"start {s11} (sorry server out)", () => _lab.Start(a), CheckLabConfig.State((s11, 2))),
            ($"start {s12}", () => _lab.Start(b), CheckLabConfig.State((s11, 2), (s12, 1))),
            ($"start {s13}", () => _lab.Start(c), CheckLabConfig.State((s11, 2), (s12, 1), (s13, 1))),
        ];
    }

    private sealed record Run(string Implementation, string Initial, List<(string Step, string State, TimeSpan Latency)> Settled, string AllStates, string AtStop);

    [KernelFact]
    public async Task Keepalived_and_HaTools_walk_the_same_IPVS_table_states_for_the_same_listener_faults()
    {
        var all = CheckLabConfig.State((_lab[0].ToString(), 2), (_lab[1].ToString(), 1), (_lab[2].ToString(), 1));

        Run theirs;
        using (var keepalived = new KeepalivedChecker(Config))
        {
            try
            {
                theirs = Walk("keepalived", all, () => keepalived.Stop());
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{ex.Message}\nkeepalived's log:\n{keepalived.Log}");
            }
        }
        foreach (var a in _lab.Addresses) _lab.Start(a);
        if (!KernelEnvironment.IpvsTableIsEmpty) Ipvsadm.Clear();

        Run ours;
        var hatools = await HaToolsVirtualServer.StartAsync(Config);
        await using (hatools)
        {
            ours = Walk("HaTools", all, () => hatools.StopAsync().GetAwaiter().GetResult());
        }

        Report(theirs, ours);
        foreach (var run in new[] { theirs, ours })
        {
            Assert.Equal(all, run.Initial);
            Assert.Equal(Steps().Select(s => s.Expected), run.Settled.Select(s => s.State));
            Assert.Equal(IpvsTableRecorder.NoService, run.AtStop);
        }
        Assert.Equal(theirs.Settled.Select(s => s.State), ours.Settled.Select(s => s.State));
    }

    /// <summary>Waits for the full pool, checks what reached the kernel, then runs every fault and records the settled states.</summary>
    private Run Walk(string implementation, string all, Action stop)
    {
        using var recorder = new IpvsTableRecorder(CheckLabConfig.ServiceName);
        recorder.WaitFor(all, TimeSpan.FromSeconds(60));
        var initial = recorder.Current;

        // lvs_sched, lvs_method, persistence_timeout/granularity and weights as ipvsadm reads them back.
        var svc = Ipvsadm.List().Find(CheckLabConfig.ServiceName);
        Assert.NotNull(svc);
        Assert.Equal("wrr", svc.Scheduler);
        Assert.Equal(60, svc.PersistentTimeout);
        Assert.Equal("255.255.255.0", svc.Netmask);
        Assert.All(svc.RealServers, r => Assert.Equal("Route", r.Forward));
        Assert.Equal(new[] { 2, 1, 1 }, svc.RealServers.Select(r => r.Weight));

        var settled = new List<(string, string, TimeSpan)>();
        var current = initial;
        foreach (var (name, fault, _) in Steps())
        {
            var since = recorder.Now;
            fault();
            var (state, latency) = recorder.WaitForSettledChange(current, since, Settle, StepTimeout);
            settled.Add((name, state, latency));
            current = state;
        }
        stop();
        recorder.WaitFor(IpvsTableRecorder.NoService, TimeSpan.FromSeconds(15));
        return new Run(implementation, initial, settled, recorder.Describe(), recorder.Current);
    }

    private static void Report(Run theirs, Run ours)
    {
        var b = new StringBuilder();
        b.AppendLine("checker parity (keepalived 2.2.7 vs HaTools, TCP_CHECK delay_loop 1 connect_timeout 1 retry 1 delay_before_retry 1, TCG VM):");
        b.AppendLine($"  {"step",-36} {"keepalived ms",14} {"HaTools ms",11}  settled state");
        foreach (var (k, h) in theirs.Settled.Zip(ours.Settled))
            b.AppendLine($"  {k.Step,-36} {k.Latency.TotalMilliseconds,14:0} {h.Latency.TotalMilliseconds,11:0}  {(k.State == h.State ? k.State : $"DIFFER: {k.State} | {h.State}")}");
        b.AppendLine("  keepalived, every state seen:");
        b.AppendLine(theirs.AllStates);
        b.AppendLine("  HaTools, every state seen:");
        b.AppendLine(ours.AllStates);
        Console.WriteLine(b.ToString());
        if (KernelEnvironment.ResultsDirectory is { } dir) File.WriteAllText(Path.Combine(dir, "checker-parity.txt"), b.ToString());
    }
}
