using System.Net;
using HaTools.Core.Checks;
using HaTools.Core.Checks.VirtualServers;
using HaTools.Core.Scripts;
using Microsoft.Extensions.Time.Testing;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// keepalived's pool rules (keepalived.conf(5) virtual_server: inhibit_on_failure, sorry_server, quorum,
/// hysteresis, alpha, omega, notify_up/notify_down) on a virtual clock against a fake pool.
/// </summary>
public sealed class VirtualServerMonitorTests : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakePool _pool = new();
    private readonly RecordingScriptRunner _scripts = new();
    private readonly List<VirtualServerTransition> _transitions = new();
    private VirtualServerMonitor? _monitor;

    public async ValueTask DisposeAsync()
    {
        if (_monitor != null) await _monitor.StopAsync();
    }

    private static CheckerTiming Timing(bool alpha = false) => new()
    {
        DelayLoop = TimeSpan.FromSeconds(5), DelayBeforeRetry = TimeSpan.FromSeconds(1), Retry = 1, Warmup = TimeSpan.Zero, Alpha = alpha,
    };

    private static RealServerDefinition Rs(string ip, ScriptedCheck check, int weight = 1, bool inhibit = false, bool alpha = false) => new()
    {
        Address = IPAddress.Parse(ip), Port = 80, Weight = weight, InhibitOnFailure = inhibit,
        NotifyUp = ScriptCommand.Parse($"/etc/keepalived/up.sh {ip}"), NotifyDown = ScriptCommand.Parse($"/etc/keepalived/down.sh {ip}"),
        Checks = new[] { ((IHealthCheck)check, Timing(alpha)) },
    };

    private async Task<VirtualServerMonitor> Start(VirtualServerDefinition vs)
    {
        _monitor = new VirtualServerMonitor(vs, _pool, _scripts, _clock, new Random(3), Tick);
        _monitor.Transition += t => { lock (_transitions) _transitions.Add(t); };
        await _monitor.StartAsync();
        return _monitor;
    }

    private async Task Run(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += Tick) _clock.Advance(Tick);
        await _monitor!.GetStatusAsync();
    }

    private List<VirtualServerTransitionKind> Kinds() { lock (_transitions) return _transitions.Select(t => t.Kind).ToList(); }

    private static ScriptedCheck Healthy(string ip) => new($"TCP_CHECK {ip}:80");

    [Fact]
    public async Task Failing_real_server_leaves_the_pool_and_returns_when_healthy_with_notify_scripts()
    {
        var a = Healthy("10.0.0.1");
        var b = Healthy("10.0.0.2");
        await Start(new VirtualServerDefinition { Name = "192.0.2.1:80", RealServers = new[] { Rs("10.0.0.1", a), Rs("10.0.0.2", b) } });
        await Run(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "10.0.0.1:80", "10.0.0.2:80" }, _pool.Members.Keys.OrderBy(k => k));

        b.Answer = () => CheckAttempt.Fail("HTTP status 404, expected 200-299");
        await Run(TimeSpan.FromSeconds(7));
        Assert.Equal(new[] { "10.0.0.1:80" }, _pool.Members.Keys);
        VirtualServerTransition down;
        lock (_transitions) down = _transitions.Single(t => t.Kind == VirtualServerTransitionKind.RealServerDown);
        Assert.Equal("Removing service 10.0.0.2:80 from VS 192.0.2.1:80: TCP_CHECK 10.0.0.2:80: HTTP status 404, expected 200-299 (failed after 1 retry)", down.ToString());

        b.Answer = () => CheckAttempt.Ok("connected");
        await Run(TimeSpan.FromSeconds(6));
        Assert.Equal(2, _pool.Members.Count);
        Assert.Equal(new[] { VirtualServerTransitionKind.RealServerDown, VirtualServerTransitionKind.RealServerUp }, Kinds());
        await _monitor!.StopAsync();
        Assert.Equal(new[] { "/etc/keepalived/down.sh 10.0.0.2", "/etc/keepalived/up.sh 10.0.0.2" }, _scripts.Ran.ToArray());
    }

    [Fact]
    public async Task Inhibit_on_failure_sets_weight_zero_instead_of_removing()
    {
        var a = Healthy("10.0.0.1");
        await Start(new VirtualServerDefinition { Name = "vs", Quorum = 0, RealServers = new[] { Rs("10.0.0.1", a, weight: 3, inhibit: true) } });
        await Run(TimeSpan.FromSeconds(1));
        a.Answer = () => CheckAttempt.Fail("refused");
        await Run(TimeSpan.FromSeconds(7));
        Assert.Equal(0, _pool.Members["10.0.0.1:80"]);
        a.Answer = () => CheckAttempt.Ok("connected");
        await Run(TimeSpan.FromSeconds(6));
        Assert.Equal(3, _pool.Members["10.0.0.1:80"]);
        Assert.Equal(new[] { "add 10.0.0.1:80 3", "weight 10.0.0.1:80 0", "weight 10.0.0.1:80 3" }, _pool.Log.ToArray());
    }

    [Fact]
    public async Task Sorry_server_replaces_the_pool_when_all_are_down_and_leaves_when_one_returns()
    {
        var a = Healthy("10.0.0.1");
        var b = Healthy("10.0.0.2");
        await Start(new VirtualServerDefinition
        {
            Name = "vs", RealServers = new[] { Rs("10.0.0.1", a), Rs("10.0.0.2", b) }, SorryServer = IPAddress.Parse("10.0.0.99"), SorryServerPort = 8080,
        });
        await Run(TimeSpan.FromSeconds(1));
        a.Answer = b.Answer = () => CheckAttempt.Fail("connect timeout after 5 s");
        await Run(TimeSpan.FromSeconds(7));
        Assert.Equal(new[] { "10.0.0.99:8080" }, _pool.Members.Keys);
        Assert.Contains(VirtualServerTransitionKind.QuorumDown, Kinds());
        Assert.Contains(VirtualServerTransitionKind.SorryServerIn, Kinds());

        a.Answer = () => CheckAttempt.Ok("connected");
        await Run(TimeSpan.FromSeconds(6));
        Assert.Equal(new[] { "10.0.0.1:80" }, _pool.Members.Keys);
        Assert.Equal(VirtualServerTransitionKind.SorryServerOut, Kinds().Last());
    }

    [Fact]
    public async Task Quorum_with_hysteresis_is_lost_below_quorum_minus_h_and_regained_at_quorum_plus_h()
    {
        var checks = new[] { Healthy("10.0.0.1"), Healthy("10.0.0.2"), Healthy("10.0.0.3") };
        await Start(new VirtualServerDefinition
        {
            Name = "vs", Quorum = 2, Hysteresis = 1,
            RealServers = checks.Select((c, i) => Rs($"10.0.0.{i + 1}", c)).ToArray(),
            QuorumUp = ScriptCommand.Parse("/q up"), QuorumDown = ScriptCommand.Parse("/q down"),
        });
        await Run(TimeSpan.FromSeconds(1));
        checks[0].Answer = checks[1].Answer = () => CheckAttempt.Fail("refused");
        await Run(TimeSpan.FromSeconds(7));
        Assert.DoesNotContain(VirtualServerTransitionKind.QuorumDown, Kinds()); // weight 1 >= 2 - 1
        checks[2].Answer = () => CheckAttempt.Fail("refused");
        await Run(TimeSpan.FromSeconds(7));
        Assert.Contains(VirtualServerTransitionKind.QuorumDown, Kinds()); // weight 0 < 1

        checks[0].Answer = checks[1].Answer = () => CheckAttempt.Ok("connected");
        await Run(TimeSpan.FromSeconds(6));
        Assert.DoesNotContain(VirtualServerTransitionKind.QuorumUp, Kinds()); // weight 2 < 2 + 1
        checks[2].Answer = () => CheckAttempt.Ok("connected");
        await Run(TimeSpan.FromSeconds(6));
        Assert.Equal(VirtualServerTransitionKind.QuorumUp, Kinds().Last());
        await _monitor!.StopAsync();
        Assert.Equal(new[] { "/q down", "/q up" }, _scripts.Ran.Where(s => s.StartsWith("/q")).ToArray());
    }

    [Fact]
    public async Task Alpha_server_joins_the_pool_only_after_its_first_success()
    {
        var a = new ScriptedCheck("TCP_CHECK 10.0.0.1:80") { Answer = () => CheckAttempt.Fail("refused") };
        await Start(new VirtualServerDefinition { Name = "vs", Quorum = 0, RealServers = new[] { Rs("10.0.0.1", a, alpha: true) } });
        await Run(TimeSpan.FromSeconds(3));
        Assert.Empty(_pool.Members);
        a.Answer = () => CheckAttempt.Ok("connected");
        await Run(TimeSpan.FromSeconds(6));
        Assert.Equal(new[] { "10.0.0.1:80" }, _pool.Members.Keys);
        Assert.Equal(new[] { VirtualServerTransitionKind.RealServerUp }, Kinds());
    }

    [Fact]
    public async Task Dynamic_weight_from_a_misc_check_is_applied_to_the_pool()
    {
        var a = new ScriptedCheck("MISC_CHECK /w") { Answer = () => CheckAttempt.Ok("exit status 12: weight 10", weight: 10) };
        await Start(new VirtualServerDefinition { Name = "vs", RealServers = new[] { Rs("10.0.0.1", a, weight: 1) } });
        await Run(TimeSpan.FromSeconds(1));
        Assert.Equal(10, _pool.Members["10.0.0.1:80"]);
        var status = await _monitor!.GetStatusAsync();
        Assert.Equal(10, status.RealServers.Single().Weight);
        Assert.Equal(10, status.AliveWeight);
    }

    [Fact]
    public async Task Omega_runs_down_scripts_on_stop_and_the_pool_is_emptied_on_request()
    {
        var a = Healthy("10.0.0.1");
        await Start(new VirtualServerDefinition { Name = "vs", Omega = true, QuorumDown = ScriptCommand.Parse("/q down"), RealServers = new[] { Rs("10.0.0.1", a) } });
        await Run(TimeSpan.FromSeconds(1));
        await _monitor!.StopAsync(removeFromPool: true);
        Assert.Equal(new[] { "/etc/keepalived/down.sh 10.0.0.1", "/q down" }, _scripts.Ran.ToArray());
        Assert.Empty(_pool.Members);
    }

    [Fact]
    public async Task Pool_failure_is_reported_and_checking_goes_on()
    {
        var a = Healthy("10.0.0.1");
        _pool.FailOn = m => m.Address.Equals(IPAddress.Parse("10.0.0.1")) ? new IOException("netlink: EPERM") : null;
        await Start(new VirtualServerDefinition { Name = "vs", RealServers = new[] { Rs("10.0.0.1", a) } });
        await Run(TimeSpan.FromSeconds(6));
        VirtualServerTransition err;
        lock (_transitions) err = _transitions.First(t => t.Kind == VirtualServerTransitionKind.PoolError);
        Assert.Equal("Pool change for 10.0.0.1:80 in VS vs failed: netlink: EPERM", err.ToString());
        Assert.True(a.Calls >= 2);
    }

    [Fact]
    public async Task Sorry_server_goes_in_before_the_remaining_servers_leave_so_the_pool_is_never_empty()
    {
        var a = Healthy("10.0.0.1");
        var b = Healthy("10.0.0.2");
        await Start(new VirtualServerDefinition
        {
            Name = "vs", Quorum = 2, RealServers = new[] { Rs("10.0.0.1", a), Rs("10.0.0.2", b) }, SorryServer = IPAddress.Parse("10.0.0.99"), SorryServerPort = 80,
        });
        await Run(TimeSpan.FromSeconds(1));
        a.Answer = () => CheckAttempt.Fail("refused");
        await Run(TimeSpan.FromSeconds(7));

        // keepalived's order (check/ipwrapper.c, quorum lost): add the sorry server, then remove the live servers.
        Assert.Equal(new[] { "remove 10.0.0.1:80", "add 10.0.0.99:80 1", "remove 10.0.0.2:80" }, _pool.Log.Skip(2).ToArray());
        Assert.Equal(new[] { "10.0.0.99:80" }, _pool.Members.Keys);
    }

    [Fact]
    public async Task Failed_add_leaves_the_server_out_of_the_pool_in_status_and_on_stop()
    {
        var a = Healthy("10.0.0.1");
        var b = Healthy("10.0.0.2");
        _pool.FailOn = m => m.Address.Equals(IPAddress.Parse("10.0.0.1")) ? new IOException("netlink: EEXIST") : null;
        await Start(new VirtualServerDefinition { Name = "vs", RealServers = new[] { Rs("10.0.0.1", a), Rs("10.0.0.2", b) } });
        await Run(TimeSpan.FromSeconds(1));

        var status = await _monitor!.GetStatusAsync();
        Assert.Equal(new[] { ("10.0.0.1:80", true, false), ("10.0.0.2:80", true, true) }, status.RealServers.Select(r => (r.RealServer, r.Alive, r.InPool)));
        await _monitor.StopAsync(removeFromPool: true);
        // Only the failed add is an error: stop does not try to remove what never went in.
        Assert.Equal(new[] { "10.0.0.1:80" }, _transitions.Where(t => t.Kind == VirtualServerTransitionKind.PoolError).Select(t => t.RealServer));
        Assert.Equal(new[] { "add 10.0.0.2:80 1", "remove 10.0.0.2:80" }, _pool.Log.ToArray());
    }

    [Fact]
    public async Task Quorum_down_script_starts_only_after_the_sorry_server_is_in_the_pool()
    {
        var a = Healthy("10.0.0.1");
        string[]? poolWhenScriptRan = null;
        _scripts.OnRun = cmd => { if (cmd == "/q down") poolWhenScriptRan = _pool.Members.Keys.OrderBy(k => k).ToArray(); };
        await Start(new VirtualServerDefinition
        {
            Name = "vs", RealServers = new[] { Rs("10.0.0.1", a) }, QuorumDown = ScriptCommand.Parse("/q down"),
            SorryServer = IPAddress.Parse("10.0.0.99"), SorryServerPort = 80,
        });
        await Run(TimeSpan.FromSeconds(1));
        _pool.AddLatency = TimeSpan.FromMilliseconds(200);
        a.Answer = () => CheckAttempt.Fail("refused");
        await Run(TimeSpan.FromSeconds(7));
        await _monitor!.StopAsync();

        Assert.Equal(new[] { "10.0.0.99:80" }, poolWhenScriptRan);
    }
}
