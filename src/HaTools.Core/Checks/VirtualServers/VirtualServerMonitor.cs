using System.Threading.Channels;
using HaTools.Core.Scripts;

namespace HaTools.Core.Checks.VirtualServers;

/// <summary>
/// A running virtual server: the checkers of its real servers on one <see cref="CheckScheduler"/>, and
/// keepalived's pool rules applied from a single loop. A real server is alive while all its checkers are up;
/// when it dies it is removed from the pool (or set to weight 0 with inhibit_on_failure) and notify_down
/// runs; when it lives again it returns and notify_up runs. Quorum is the total weight of live servers,
/// lost below quorum - hysteresis and regained at quorum + hysteresis; while lost, the sorry server
/// replaces every real server. Every change is a <see cref="VirtualServerTransition"/> with its reason.
/// </summary>
public sealed class VirtualServerMonitor : IAsyncDisposable
{
    private readonly VirtualServerDefinition _vs;
    private readonly IRealServerPool _pool;
    private readonly IScriptRunner? _scripts;
    private readonly TimeProvider _time;
    private readonly CheckScheduler _scheduler;
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Server> _servers;
    private readonly List<Task> _scriptsRunning = new();
    private readonly List<(ScriptCommand Command, string What)> _scriptsDue = new();
    private Task? _loop;
    private bool _quorumUp;
    private bool _sorryActive;

    public VirtualServerMonitor(VirtualServerDefinition definition, IRealServerPool pool, IScriptRunner? scripts = null, TimeProvider? time = null,
        Random? random = null, TimeSpan? tick = null)
    {
        _vs = definition;
        _pool = pool;
        _scripts = scripts;
        _time = time ?? TimeProvider.System;
        _scheduler = new CheckScheduler(_time, random, tick);
        _servers = definition.RealServers.Select(r => new Server(r)).ToList();
    }

    /// <summary>Raised from the monitor's loop for every change; handlers must not block.</summary>
    public event Action<VirtualServerTransition>? Transition;

    /// <summary>Raised for every checker attempt (for verbose logs); subscribe before <see cref="StartAsync"/>.</summary>
    public event Action<CheckEvent>? CheckAttempt;

    public string Name => _vs.Name;

    /// <summary>Puts the live servers in the pool and starts every checker.</summary>
    public Task StartAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Writer.TryWrite(async () =>
        {
            try
            {
                await InitialiseAsync().ConfigureAwait(false);
                started.TrySetResult();
            }
            catch (Exception ex)
            {
                started.TrySetException(ex);
            }
        });
        _loop = Task.Run(LoopAsync);
        // Attempt events cost an object per check; raise them only when someone listens (subscribe before starting).
        _scheduler.ReportAttempts = CheckAttempt != null;
        _scheduler.Event += e =>
        {
            if (e.Kind == CheckEventKind.Attempt) CheckAttempt?.Invoke(e);
            else _work.Writer.TryWrite(() => OnCheckEventAsync(e));
        };
        foreach (var s in _servers)
        foreach (var (check, timing) in s.Definition.Checks)
            s.Checks.Add(_scheduler.Add(check, timing, s));
        return started.Task;
    }

    /// <summary>A consistent snapshot, taken on the monitor's loop.</summary>
    public async Task<VirtualServerStatus> GetStatusAsync()
    {
        var tcs = new TaskCompletionSource<VirtualServerStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() => { tcs.TrySetResult(Snapshot()); return Task.CompletedTask; }))
            return Snapshot();
        return await tcs.Task.ConfigureAwait(false);
    }

    /// <summary>Stops the checkers; with omega runs the down scripts; optionally takes its servers out of the pool.</summary>
    public async Task StopAsync(bool removeFromPool = false)
    {
        if (_stop.IsCancellationRequested) return;
        _scheduler.Dispose();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Writer.TryWrite(async () =>
        {
            if (_vs.Omega)
            {
                foreach (var s in _servers.Where(s => s.Alive && s.Definition.NotifyDown != null))
                    RunScript(s.Definition.NotifyDown!, $"notify_down {s.Name}");
                if (_quorumUp && _vs.QuorumDown != null) RunScript(_vs.QuorumDown, "quorum_down");
            }
            if (removeFromPool)
            {
                foreach (var s in _servers.Where(s => s.InPool)) await TryPool(() => _pool.RemoveAsync(s.Member(), CancellationToken.None), s.Name).ConfigureAwait(false);
                if (_sorryActive) await TryPool(() => _pool.RemoveAsync(SorryMember(), CancellationToken.None), "sorry server").ConfigureAwait(false);
            }
            done.TrySetResult();
        });
        _work.Writer.TryComplete();
        await done.Task.ConfigureAwait(false);
        _stop.Cancel();
        if (_loop != null) await _loop.ConfigureAwait(false);
        Task[] scripts;
        lock (_scriptsRunning) scripts = _scriptsRunning.ToArray();
        await Task.WhenAll(scripts).WaitAsync(_vs.ScriptTimeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task LoopAsync()
    {
        await foreach (var item in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await item().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Raise(VirtualServerTransitionKind.PoolError, null, "internal error", ex.Message);
            }
            LaunchDueScripts();
        }
    }

    private async Task InitialiseAsync()
    {
        foreach (var s in _servers)
        {
            s.Alive = s.Definition.Checks.Count == 0 || s.Definition.Checks.All(c => !c.Timing.Alpha);
            s.Reason = s.Alive ? null : "alpha: down until the first successful check";
        }
        _quorumUp = AliveWeight() >= _vs.Quorum;
        if (_quorumUp || _vs.SorryServer is null)
        {
            foreach (var s in _servers.Where(s => s.Alive)) await AddToPoolAsync(s).ConfigureAwait(false);
            foreach (var s in _servers.Where(s => !s.Alive && s.Definition.InhibitOnFailure)) await AddToPoolAsync(s, weight: 0).ConfigureAwait(false);
        }
        else
        {
            await SorryInAsync("quorum not reached at start").ConfigureAwait(false);
        }
    }

    private async Task OnCheckEventAsync(CheckEvent e)
    {
        if (e.Check.Owner is not Server s) return;
        if (e.Kind == CheckEventKind.WeightChanged)
        {
            s.DynamicWeight = e.Weight;
            if (s.Alive && s.InPool && s.CurrentPoolWeight != s.EffectiveWeight)
            {
                await TryPool(() => _pool.SetWeightAsync(s.Member(), s.EffectiveWeight, CancellationToken.None), s.Name).ConfigureAwait(false);
                s.CurrentPoolWeight = s.EffectiveWeight;
                Raise(VirtualServerTransitionKind.WeightChanged, s.Name, $"Setting weight of {s.Name} to {s.EffectiveWeight} in VS {Name}", e.Reason);
            }
            await UpdateQuorumAsync().ConfigureAwait(false);
            return;
        }

        var alive = s.Checks.All(c => c.State == CheckerState.Up);
        if (alive == s.Alive) return;
        s.Alive = alive;
        s.Reason = e.Reason;
        if (alive)
        {
            if (!_sorryActive) await AddToPoolAsync(s).ConfigureAwait(false);
            Raise(VirtualServerTransitionKind.RealServerUp, s.Name, $"Adding service {s.Name} to VS {Name}", $"{e.Check.Target}: {e.Reason}");
            if (s.Definition.NotifyUp != null) RunScript(s.Definition.NotifyUp, $"notify_up {s.Name}");
        }
        else
        {
            if (s.InPool)
            {
                if (s.Definition.InhibitOnFailure)
                {
                    await TryPool(() => _pool.SetWeightAsync(s.Member(), 0, CancellationToken.None), s.Name).ConfigureAwait(false);
                    s.CurrentPoolWeight = 0;
                }
                else
                {
                    await TryPool(() => _pool.RemoveAsync(s.Member(), CancellationToken.None), s.Name).ConfigureAwait(false);
                    s.InPool = false;
                }
            }
            var verb = s.Definition.InhibitOnFailure ? "Inhibiting (weight 0)" : "Removing";
            Raise(VirtualServerTransitionKind.RealServerDown, s.Name, $"{verb} service {s.Name} from VS {Name}", $"{e.Check.Target}: {e.Reason}");
            if (s.Definition.NotifyDown != null) RunScript(s.Definition.NotifyDown, $"notify_down {s.Name}");
        }
        await UpdateQuorumAsync().ConfigureAwait(false);
    }

    private async Task UpdateQuorumAsync()
    {
        var weight = AliveWeight();
        if (_quorumUp && weight < _vs.Quorum - _vs.Hysteresis)
        {
            _quorumUp = false;
            Raise(VirtualServerTransitionKind.QuorumDown, null, $"Lost quorum {weight}-{_vs.Hysteresis} < {_vs.Quorum} for VS {Name}", null);
            if (_vs.QuorumDown != null) RunScript(_vs.QuorumDown, "quorum_down");
            if (_vs.SorryServer != null) await SorryInAsync("quorum lost").ConfigureAwait(false);
        }
        else if (!_quorumUp && weight >= _vs.Quorum + _vs.Hysteresis)
        {
            _quorumUp = true;
            Raise(VirtualServerTransitionKind.QuorumUp, null, $"Gained quorum {weight}+{_vs.Hysteresis} >= {_vs.Quorum} for VS {Name}", null);
            if (_vs.QuorumUp != null) RunScript(_vs.QuorumUp, "quorum_up");
            if (_sorryActive) await SorryOutAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The sorry server goes in before the remaining servers leave (keepalived's order), so the pool is never empty in between.</summary>
    private async Task SorryInAsync(string why)
    {
        await TryPool(() => _pool.AddAsync(SorryMember(), CancellationToken.None), "sorry server").ConfigureAwait(false);
        _sorryActive = true;
        Raise(VirtualServerTransitionKind.SorryServerIn, SorryMember().ToString(), $"Adding sorry server {SorryMember()} to VS {Name}", why);
        foreach (var s in _servers.Where(s => s.InPool))
        {
            if (await TryPool(() => _pool.RemoveAsync(s.Member(), CancellationToken.None), s.Name).ConfigureAwait(false)) s.InPool = false;
        }
    }

    private async Task SorryOutAsync()
    {
        await TryPool(() => _pool.RemoveAsync(SorryMember(), CancellationToken.None), "sorry server").ConfigureAwait(false);
        _sorryActive = false;
        Raise(VirtualServerTransitionKind.SorryServerOut, SorryMember().ToString(), $"Removing sorry server {SorryMember()} from VS {Name}", "quorum regained");
        foreach (var s in _servers.Where(s => s.Alive || s.Definition.InhibitOnFailure))
            await AddToPoolAsync(s, s.Alive ? null : 0).ConfigureAwait(false);
    }

    private async Task AddToPoolAsync(Server s, int? weight = null)
    {
        var w = weight ?? s.EffectiveWeight;
        if (s.InPool)
        {
            if (s.CurrentPoolWeight != w && !await TryPool(() => _pool.SetWeightAsync(s.Member(), w, CancellationToken.None), s.Name).ConfigureAwait(false)) return;
        }
        else
        {
            // A failed add leaves the server out: status must not claim it is in the pool, and stop must not remove it.
            if (!await TryPool(() => _pool.AddAsync(s.Member() with { Weight = w }, CancellationToken.None), s.Name).ConfigureAwait(false)) return;
            s.InPool = true;
        }
        s.CurrentPoolWeight = w;
    }

    /// <summary>Runs one pool change; a failure becomes a PoolError transition and false.</summary>
    private async Task<bool> TryPool(Func<Task> op, string what)
    {
        try
        {
            await op().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            Raise(VirtualServerTransitionKind.PoolError, what, $"Pool change for {what} in VS {Name} failed", ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Scripts start only after every pool change of the current event (the sorry server is in before
    /// quorum_down starts): starting a process can stall a busy host for a while, and traffic comes first.
    /// </summary>
    private void RunScript(ScriptCommand command, string what)
    {
        if (_scripts is not null) _scriptsDue.Add((command, what));
    }

    private void LaunchDueScripts()
    {
        foreach (var (command, what) in _scriptsDue) LaunchScript(command, what);
        _scriptsDue.Clear();
    }

    /// <summary>Scripts run one after another in the order of the changes (a later notify never overtakes an earlier one).</summary>
    private void LaunchScript(ScriptCommand command, string what)
    {
        if (_scripts is null) return;
        lock (_scriptsRunning)
        {
            var previous = _scriptsRunning.Count > 0 ? _scriptsRunning[^1] : Task.CompletedTask;
            var t = previous.ContinueWith(async _ =>
            {
                var r = await _scripts.RunAsync(command, new ScriptRunOptions { Timeout = _vs.ScriptTimeout }, CancellationToken.None).ConfigureAwait(false);
                if (!r.Succeeded)
                    _work.Writer.TryWrite(() =>
                    {
                        Raise(VirtualServerTransitionKind.ScriptFailed, null, $"{what} script {command} failed", r.FailureMessage ?? $"{r.Outcome}, exit {r.ExitCode}");
                        return Task.CompletedTask;
                    });
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _scriptsRunning.Clear();
            _scriptsRunning.Add(t);
        }
    }

    private int AliveWeight() => _servers.Where(s => s.Alive).Sum(s => s.EffectiveWeight);

    private PoolMember SorryMember() => new(_vs.SorryServer!, _vs.SorryServerPort, 1);

    private VirtualServerStatus Snapshot() => new(Name, _quorumUp, AliveWeight(), _vs.Quorum, _sorryActive,
        _servers.Select(s => new RealServerStatus(Name, s.Name, s.Alive, s.InPool, s.InPool ? s.CurrentPoolWeight : 0, s.Definition.Weight, s.Reason,
            s.Checks.Select(c => $"{c.Target}: {c.State}{(c.LastReason is null ? "" : " - " + c.LastReason)}").ToArray())).ToArray());

    private void Raise(VirtualServerTransitionKind kind, string? rs, string message, string? reason)
    {
        try
        {
            Transition?.Invoke(new VirtualServerTransition(_time.GetUtcNow(), Name, kind, rs, message, reason));
        }
        catch
        {
            // A subscriber's fault must not stop the pool loop.
        }
    }

    private sealed class Server
    {
        public Server(RealServerDefinition d) => Definition = d;

        public RealServerDefinition Definition { get; }

        public List<ScheduledCheck> Checks { get; } = new();

        public string Name => Definition.Name;

        public bool Alive;

        public bool InPool;

        public int CurrentPoolWeight;

        public int? DynamicWeight;

        public string? Reason;

        public int EffectiveWeight => DynamicWeight ?? Definition.Weight;

        public PoolMember Member() => new(Definition.Address, Definition.Port, EffectiveWeight);
    }
}
