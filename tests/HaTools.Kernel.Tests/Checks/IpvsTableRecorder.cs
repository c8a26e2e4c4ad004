using System.Diagnostics;
using HaTools.Core.Ipvs;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// Watches one IPVS service the way an operator running <c>watch ipvsadm -Ln</c> would, but every
/// 50 ms through netlink (spawning ipvsadm costs hundreds of ms under TCG): each distinct state of its
/// destinations is recorded with the time it was first seen. Implementation-neutral, so keepalived's
/// checker and HaTools are judged by the same eyes.
/// </summary>
public sealed class IpvsTableRecorder : IDisposable
{
    /// <summary>What the recorder shows when the service is not in the table.</summary>
    public const string NoService = "(no service)";

    private readonly IpvsClient _client = IpvsClient.Open();
    private readonly string _service;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, string State)> _states = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampling;
    private TimeSpan _lastSample;

    public IpvsTableRecorder(string service)
    {
        _service = service;
        _states.Add((TimeSpan.Zero, Read()));
        // Its own thread, not the pool's: the checks under test keep the pool busy under TCG.
        _sampling = new Thread(Sample) { IsBackground = true, Name = "ipvs recorder" };
        _sampling.Start();
    }

    /// <summary>Time since the recorder started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Every distinct state seen so far, oldest first.</summary>
    public IReadOnlyList<(TimeSpan At, string State)> States
    {
        get { lock (_states) return _states.ToArray(); }
    }

    public string Current
    {
        get { lock (_states) return _states[^1].State; }
    }

    /// <summary>
    /// After a fault made at <paramref name="since"/>, waits for the table to leave <paramref name="from"/> and
    /// then hold one state for <paramref name="settle"/>; returns that settled state and how long after
    /// <paramref name="since"/> the first change was seen. A momentary state in between (the empty pool
    /// between the last removal and the sorry server) stays in <see cref="States"/> but is not returned.
    /// </summary>
    public (string State, TimeSpan Latency) WaitForSettledChange(string from, TimeSpan since, TimeSpan settle, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (Now < deadline)
        {
            lock (_states)
            {
                // Settled means later samples saw it too, not only that no change was recorded (the sampler may have stalled).
                var last = _states[^1];
                if (last.State != from && _lastSample - last.At >= settle)
                {
                    var first = _states.FirstOrDefault(s => s.At >= since && s.State != from);
                    var at = first.State is null ? last.At : first.At;
                    return (last.State, at > since ? at - since : TimeSpan.Zero);
                }
            }
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"IPVS {_service} did not settle after leaving [{from}] within {timeout.TotalSeconds:0} s; states seen:\n{Describe()}");
    }

    /// <summary>Waits until the table shows <paramref name="state"/>.</summary>
    public TimeSpan WaitFor(string state, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (Now < deadline)
        {
            lock (_states)
                if (_states[^1].State == state) return _states[^1].At;
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"IPVS {_service} never showed [{state}] within {timeout.TotalSeconds:0} s; states seen:\n{Describe()}");
    }

    public string Describe()
    {
        lock (_states) return string.Join("\n", _states.Select(s => $"  {s.At.TotalMilliseconds,8:0} ms  {s.State}"));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Join(TimeSpan.FromSeconds(5));
        _client.Dispose();
    }

    private void Sample()
    {
        while (!_stop.IsCancellationRequested)
        {
            var state = Read();
            lock (_states)
            {
                var at = Now;
                if (_states[^1].State != state) _states.Add((at, state));
                _lastSample = at;
            }
            _stop.Token.WaitHandle.WaitOne(50);
        }
    }

    /// <summary>
    /// A state counts when two dumps in a row agree: a netlink dump that races a change can list a
    /// destination twice (the kernel adds new ones at the head of the list it is walking).
    /// </summary>
    private string Read()
    {
        var last = ReadOnce();
        for (var i = 0; i < 5; i++)
        {
            var again = ReadOnce();
            if (again == last) return again;
            last = again;
        }
        return last;
    }

    /// <summary>"10.201.0.11:80 Route 2, 10.201.0.12:80 Route 1" (sorted), "" for no destinations.</summary>
    private string ReadOnce()
    {
        var svc = _client.GetServices(includeRealServers: true).FirstOrDefault(s => s.Name == _service);
        if (svc is null) return NoService;
        return Format(svc.RealServers);
    }

    public static string Format(IEnumerable<IpvsRealServer> servers) =>
        string.Join(", ", servers.OrderBy(r => r.Address.ToString(), StringComparer.Ordinal).ThenBy(r => r.Port)
            .Select(r => $"{r.Name} {Forward(r.ForwardingMethod)} {r.Weight}"));

    /// <summary>ipvsadm's words for the forwarding method.</summary>
    public static string Forward(IpvsForwardingMethod m) => m switch
    {
        IpvsForwardingMethod.Masquerade => "Masq",
        IpvsForwardingMethod.Local => "Local",
        IpvsForwardingMethod.Tunnel => "Tunnel",
        _ => "Route",
    };
}
