using System.Collections.Concurrent;
using System.Diagnostics;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Options;
using HaTools.Core.Checks.VirtualServers;
using Xunit.Abstractions;

namespace HaTools.Network.Tests.Checks;

/// <summary>
/// Real servers in a namespace fail in the four ways the issue names (stopped, firewalled, slowed, 404):
/// each leaves the pool within delay_loop + (retry+1) × connect_timeout + retry × delay_before_retry
/// (+ slack), and returns within delay_loop + connect_timeout (+ slack) after the fault is undone.
/// </summary>
public sealed class CheckDetectionLabTests : IDisposable
{
    private static readonly CheckerTiming Timing = new()
    {
        DelayLoop = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(1), Retry = 1, DelayBeforeRetry = TimeSpan.FromMilliseconds(500), Warmup = TimeSpan.Zero,
    };

    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(700);
    private static readonly TimeSpan DetectBound = Timing.DelayLoop + (Timing.Retry + 1) * Timing.ConnectTimeout + Timing.Retry * Timing.DelayBeforeRetry + Slack;
    private static readonly TimeSpan ReturnBound = Timing.DelayLoop + Timing.ConnectTimeout + Slack;

    private readonly RealServerLab _lab = new();
    private readonly ITestOutputHelper _out;

    public CheckDetectionLabTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => _lab.Dispose();

    [Theory]
    [InlineData("stopped")]
    [InlineData("firewalled")]
    [InlineData("slowed")]
    [InlineData("404")]
    public async Task Failing_real_server_leaves_the_pool_in_bounded_time_and_returns(string fault)
    {
        var pool = new RecordingPool();
        var check = new HttpGetHealthCheck(new CheckEndpoint(_lab.Address, _lab.Port, null, 0, Timing.ConnectTimeout),
            new HttpGetCheckOptions { Urls = new[] { new UrlCheckOptions { Path = "/health.html" } } });
        var transitions = new BlockingCollection<VirtualServerTransition>();
        await using var monitor = new VirtualServerMonitor(new VirtualServerDefinition
        {
            Name = "lab",
            Quorum = 0,
            RealServers = new[] { new RealServerDefinition { Address = _lab.Address, Port = _lab.Port, Checks = new[] { ((IHealthCheck)check, Timing) } } },
        }, pool);
        monitor.Transition += transitions.Add;
        await monitor.StartAsync();
        await Task.Delay(1500);
        Assert.Empty(transitions);
        Assert.True(pool.Members.ContainsKey($"{_lab.Address}:{_lab.Port}"));

        // The clock starts once the fault is in place: setting one up (killing httpd, starting the slow
        // server through ip netns exec) takes a varying time on a loaded machine that is not the checker's.
        Action undo = fault switch
        {
            "stopped" => Do(_lab.StopService, _lab.StartService),
            "firewalled" => Do(_lab.Firewall, _lab.Unfirewall),
            "slowed" => Do(() => _lab.Slow(TimeSpan.FromSeconds(3)), _lab.Unslow),
            _ => Do(_lab.Break404, _lab.Fix404),
        };
        var sw = Stopwatch.StartNew();
        Assert.True(transitions.TryTake(out var down, DetectBound + TimeSpan.FromSeconds(3)), $"no transition within {DetectBound}");
        var detect = sw.Elapsed;
        Assert.Equal(VirtualServerTransitionKind.RealServerDown, down.Kind);
        if (fault == "slowed")
            Assert.Contains("timeout", down.Reason ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.False(pool.Members.ContainsKey($"{_lab.Address}:{_lab.Port}"));
        _out.WriteLine($"{fault}: down after {detect.TotalMilliseconds:0} ms (bound {DetectBound.TotalMilliseconds:0} ms): {down}");
        Assert.True(detect <= DetectBound, $"{fault}: detected after {detect}, bound {DetectBound}");

        sw.Restart();
        undo();
        Assert.True(transitions.TryTake(out var up, ReturnBound + TimeSpan.FromSeconds(3)), $"no return within {ReturnBound}");
        var back = sw.Elapsed;
        Assert.Equal(VirtualServerTransitionKind.RealServerUp, up.Kind);
        Assert.True(pool.Members.ContainsKey($"{_lab.Address}:{_lab.Port}"));
        _out.WriteLine($"{fault}: back after {back.TotalMilliseconds:0} ms (bound {ReturnBound.TotalMilliseconds:0} ms)");
        Assert.True(back <= ReturnBound, $"{fault}: returned after {back}, bound {ReturnBound}");
        Console.WriteLine($"checks-lab {fault}: detect {detect.TotalMilliseconds:0} ms (bound {DetectBound.TotalMilliseconds:0}), return {back.TotalMilliseconds:0} ms (bound {ReturnBound.TotalMilliseconds:0})");
    }

    private static Action Do(Action fault, Action undo)
    {
        fault();
        return undo;
    }

    private sealed class RecordingPool : IRealServerPool
    {
        public ConcurrentDictionary<string, int> Members { get; } = new();

        public Task AddAsync(PoolMember m, CancellationToken ct) { Members[m.ToString()] = m.Weight; return Task.CompletedTask; }

        public Task RemoveAsync(PoolMember m, CancellationToken ct) { Members.TryRemove(m.ToString(), out _); return Task.CompletedTask; }

        public Task SetWeightAsync(PoolMember m, int w, CancellationToken ct) { Members[m.ToString()] = w; return Task.CompletedTask; }
    }
}
