using HaTools.Core.Checks.VirtualServers;
using HaTools.Kernel.Tests.Harness;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// keepalived's pool rules (keepalived.conf(5), virtual_server: inhibit_on_failure, quorum, hysteresis,
/// quorum_up/quorum_down, sorry_server) applied by VirtualServerMonitor through IpvsRealServerPool to the
/// VM's real IPVS, with real TCP checks against listeners that a test stops and starts.
/// </summary>
public sealed class VirtualServerPoolKernelTests : IpvsKernelTest
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly List<IDisposable> _owned = new();

    public override void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
        base.Dispose();
    }

    private T Own<T>(T d) where T : IDisposable
    {
        _owned.Add(d);
        return d;
    }

    private static string Step(IpvsTableRecorder recorder, string from, Action fault)
    {
        var since = recorder.Now;
        fault();
        return recorder.WaitForSettledChange(from, since, Settle, StepTimeout).State;
    }

    [KernelFact]
    public async Task Inhibit_on_failure_keeps_a_dead_real_server_at_weight_zero_and_restores_its_weight()
    {
        var lab = Own(new RealServerLab(servers: 2));
        string a = lab[0].ToString(), b = lab[1].ToString();
        await using var vs = await HaToolsVirtualServer.StartAsync(CheckLabConfig.Text(lab, [3, 1], "", inhibit: 0));
        using var recorder = new IpvsTableRecorder(CheckLabConfig.ServiceName);
        var full = CheckLabConfig.State((a, 3), (b, 1));
        recorder.WaitFor(full, TimeSpan.FromSeconds(30));

        var inhibited = Step(recorder, full, () => lab.Stop(lab[0]));
        Assert.Equal(CheckLabConfig.State((a, 0), (b, 1)), inhibited);
        Assert.Equal(0, Ipvsadm.List().Find(CheckLabConfig.ServiceName)!.RealServers.Single(r => r.Address == $"{a}:80").Weight);
        var status = (await vs.Monitor.GetStatusAsync()).RealServers.Single(r => r.RealServer == $"{a}:80");
        Assert.False(status.Alive);
        Assert.True(status.InPool);

        Assert.Equal(full, Step(recorder, inhibited, () => lab.Start(lab[0])));
        Assert.Equal(new[] { VirtualServerTransitionKind.RealServerDown, VirtualServerTransitionKind.RealServerUp }, vs.Transitions.Select(t => t.Kind));

        await vs.StopAsync();
        Assert.Null(Ipvsadm.List().Find(CheckLabConfig.ServiceName));
    }

    [KernelFact]
    public async Task Quorum_is_lost_below_quorum_minus_hysteresis_and_regained_only_at_quorum_plus_hysteresis()
    {
        var lab = Own(new RealServerLab(servers: 3));
        string a = lab[0].ToString(), b = lab[1].ToString(), c = lab[2].ToString();
        var marks = Path.Combine(Path.GetTempPath(), $"ht-quorum-{Environment.ProcessId}");
        Directory.CreateDirectory(marks);
        // Weights 2+1+1 = 4, quorum 3, hysteresis 1: lost below 2, regained at 4.
        var config = CheckLabConfig.Text(lab, [2, 1, 1], $"""
            quorum 3
            hysteresis 1
            quorum_up "/usr/bin/touch {marks}/up"
            quorum_down "/usr/bin/touch {marks}/down"
            sorry_server {CheckLabConfig.SorryServer} 80
            """);
        await using var vs = await HaToolsVirtualServer.StartAsync(config);
        using var recorder = new IpvsTableRecorder(CheckLabConfig.ServiceName);
        var full = CheckLabConfig.State((a, 2), (b, 1), (c, 1));
        recorder.WaitFor(full, TimeSpan.FromSeconds(30));

        // 2 alive (a gone): not below quorum - hysteresis, so the pool just shrinks.
        var twoLeft = Step(recorder, full, () => lab.Stop(lab[0]));
        Assert.Equal(CheckLabConfig.State((b, 1), (c, 1)), twoLeft);
        Assert.True((await vs.Monitor.GetStatusAsync()).QuorumUp);
        Assert.False(File.Exists(Path.Combine(marks, "down")));

        // 1 alive: quorum lost, quorum_down runs and the sorry server replaces what is left.
        var sorry = Step(recorder, twoLeft, () => lab.Stop(lab[1]));
        Assert.Equal(CheckLabConfig.State((CheckLabConfig.SorryServer, 1)), sorry);
        WaitForFile(Path.Combine(marks, "down"));

        // Back to 2 (b returns): below quorum + hysteresis, so the sorry server stays.
        var since = recorder.Now;
        lab.Start(lab[1]);
        WaitUntil(() => vs.Monitor.GetStatusAsync().Result.AliveWeight == 2, "b alive again");
        Thread.Sleep(Settle);
        Assert.Equal(sorry, recorder.Current);
        Assert.DoesNotContain(recorder.States, s => s.At >= since && s.State != sorry);

        // 4: quorum regained, quorum_up runs, the live servers return and the sorry server leaves.
        var back = Step(recorder, sorry, () => lab.Start(lab[0]));
        Assert.Equal(full, back);
        WaitForFile(Path.Combine(marks, "up"));

        Assert.Equal(new[]
        {
            VirtualServerTransitionKind.RealServerDown, VirtualServerTransitionKind.RealServerDown, VirtualServerTransitionKind.QuorumDown,
            VirtualServerTransitionKind.SorryServerIn, VirtualServerTransitionKind.RealServerUp, VirtualServerTransitionKind.RealServerUp,
            VirtualServerTransitionKind.QuorumUp, VirtualServerTransitionKind.SorryServerOut,
        }, vs.Transitions.Select(t => t.Kind));
    }

    private static void WaitForFile(string path) => WaitUntil(() => File.Exists(path), path);

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }
}
