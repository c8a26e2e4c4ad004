using HaTools.Core.Linux.Netlink;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// keepalived's vrrp_track_process: one /proc scan at start, then the kernel's process events (proc connector:
/// fork, exec, rename, exit) keep each definition's count, as keepalived does. The connector needs root and the
/// initial network namespace (the kernel refuses the listen request elsewhere); then /proc is scanned every
/// <c>pollInterval</c> instead. Reports Up = quorum held: once at start (synchronously), then on every change.
/// </summary>
public sealed class ProcessTracker : ITracker
{
    private readonly ProcessQuorum[] _quorums;
    private readonly TimeProvider _time;
    private readonly Action<VrrpLogLevel, string>? _log;
    private readonly ProcessTrackerMode _mode;
    private readonly TimeSpan _pollInterval;
    private readonly bool _readCommandLine;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ProcEvent> _events = [];
    private NetlinkSocket? _socket;
    private Thread? _thread;
    private IVrrpTrackerSink? _sink;
    private long _start;

    public ProcessTracker(IReadOnlyList<TrackProcessDefinition> definitions, TimeProvider? time = null, Action<VrrpLogLevel, string>? log = null,
        ProcessTrackerMode mode = ProcessTrackerMode.Auto, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        string[] problems = definitions.SelectMany(d => d.GetProblems()).ToArray();
        if (problems.Length > 0)
        {
            throw new HaToolsException("TrackProcessInvalid", HaToolsErrorKind.InvalidArgument, string.Join(" ", problems), definitions);
        }

        _quorums = definitions.Select(d => new ProcessQuorum(d)).ToArray();
        _time = time ?? TimeProvider.System;
        _log = log;
        _mode = mode;
        _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
        _readCommandLine = definitions.Any(d => d.UsesCommandLine);
    }

    /// <summary>True when process events drive the tracker; false when it polls /proc.</summary>
    public bool UsesProcessEvents => _socket is not null;

    /// <summary>Current count of matching processes per definition name (for status and tests).</summary>
    public IReadOnlyDictionary<string, int> Counts => _quorums.ToDictionary(q => q.Definition.Name, q => q.Count, StringComparer.Ordinal);

    public void Start(IVrrpTrackerSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _start = _time.GetTimestamp();
        if (_mode == ProcessTrackerMode.Auto)
        {
            _socket = TryOpenConnector(out string? why);
            if (_socket is null)
            {
                Log(VrrpLogLevel.Warning, $"Process events unavailable ({why}); track_process scans /proc every {_pollInterval.TotalSeconds:0.###} s");
            }
        }

        // Subscribed first, scanned second: a process born in between is seen by one or the other.
        List<ProcessSnapshot> running = ProcFs.Scan(_readCommandLine);
        foreach (ProcessQuorum q in _quorums)
        {
            q.Initialize(running);
            sink.Report(new VrrpTrackerReport(VrrpTrackKind.Process, q.Definition.Name, q.HasQuorum, q.Count));
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "HaTools track_process" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        _socket?.Dispose();
        _socket = null;
        _sink = null;
    }

    private static NetlinkSocket? TryOpenConnector(out string? why)
    {
        NetlinkSocket? socket = null;
        try
        {
            socket = NetlinkSocket.Open(ProcConnectorMessages.NetlinkConnector);
            socket.JoinGroup(ProcConnectorMessages.CnIdxProc);
            Span<byte> listen = stackalloc byte[ProcConnectorMessages.ListenMessageLength];
            ProcConnectorMessages.WriteListen(listen, listen: true, socket.PortId);
            socket.Send(listen);
            why = null;
            return socket;
        }
        catch (HaToolsException ex)
        {
            // EPROTONOSUPPORT: no CONFIG_PROC_EVENTS; EPERM: not root; ECONNREFUSED: not the initial network namespace.
            socket?.Dispose();
            why = ex.Message;
            return null;
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(_start);

    private void Run()
    {
        CancellationToken ct = _stop.Token;
        TimeSpan nextScan = Now() + _pollInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                TimeSpan now = Now();
                if (_socket is null)
                {
                    if (now >= nextScan)
                    {
                        List<ProcessSnapshot> running = ProcFs.Scan(_readCommandLine);
                        foreach (ProcessQuorum q in _quorums)
                        {
                            Publish(q, q.Rescan(running, now));
                        }

                        nextScan = now + _pollInterval;
                    }

                    FireTimers(now);
                    ct.WaitHandle.WaitOne(Clamp(Min(nextScan, NextDeadline()) - Now()));
                    continue;
                }

                FireTimers(now);
                byte[] datagram;
                try
                {
                    datagram = _socket.Receive(Clamp(Min(now + TimeSpan.FromMilliseconds(200), NextDeadline()) - now));
                }
                catch (HaToolsException ex) when (ex.ErrorId == "NetlinkTimeout")
                {
                    continue;
                }

                _events.Clear();
                ProcConnectorMessages.TryRead(datagram, _events);
                foreach (ProcEvent e in _events)
                {
                    Apply(e, Now());
                }
            }
            catch (NetlinkException ex) when (ex.Errno == Errno.ENOBUFS)
            {
                // Events were lost (receive buffer overrun): start again from a full scan, as keepalived does.
                Log(VrrpLogLevel.Warning, "Process events were lost; rescanning /proc");
                List<ProcessSnapshot> running = ProcFs.Scan(_readCommandLine);
                foreach (ProcessQuorum q in _quorums)
                {
                    Publish(q, q.Rescan(running, Now()));
                }
            }
            catch (Exception ex) when (ex is HaToolsException or IOException or ObjectDisposedException)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                Log(VrrpLogLevel.Warning, $"Process events failed ({ex.Message}); track_process falls back to scanning /proc");
                _socket?.Dispose();
                _socket = null;
            }
        }
    }

    private void Apply(ProcEvent e, TimeSpan now)
    {
        switch (e.Kind)
        {
            case ProcEventKind.Fork:
                foreach (ProcessQuorum q in _quorums)
                {
                    Publish(q, q.Fork(e.ParentPid, e.Pid, now));
                }

                break;
            case ProcEventKind.Exec:
            case ProcEventKind.Comm:
            {
                ProcessSnapshot? p = ProcFs.Read(e.Pid, _readCommandLine);
                foreach (ProcessQuorum q in _quorums)
                {
                    // A rename does not change argv: full-command definitions only care about exec.
                    if (e.Kind == ProcEventKind.Comm && q.Definition.UsesCommandLine)
                    {
                        continue;
                    }

                    Publish(q, q.Exec(e.Pid, p, now));
                }

                break;
            }

            case ProcEventKind.Exit:
                foreach (ProcessQuorum q in _quorums)
                {
                    Publish(q, q.Exit(e.Pid, now));
                }

                break;
            case ProcEventKind.Ack when e.Error != 0:
                Log(VrrpLogLevel.Warning, $"The kernel refused the process event subscription (errno {e.Error})");
                break;
        }
    }

    private void FireTimers(TimeSpan now)
    {
        foreach (ProcessQuorum q in _quorums)
        {
            Publish(q, q.TimerFired(now));
        }
    }

    private TimeSpan? NextDeadline()
    {
        TimeSpan? next = null;
        foreach (ProcessQuorum q in _quorums)
        {
            next = Min(next, q.Deadline);
        }

        return next;
    }

    private void Publish(ProcessQuorum q, bool? changed)
    {
        if (changed is not bool up)
        {
            return;
        }

        Log(VrrpLogLevel.Info, $"Quorum {(up ? "gained" : "lost")} for tracked process {q.Definition.Name}");
        _sink?.Report(new VrrpTrackerReport(VrrpTrackKind.Process, q.Definition.Name, up, q.Count));
    }

    private void Log(VrrpLogLevel level, string message)
    {
        try
        {
            _log?.Invoke(level, message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken log subscriber must not stop process tracking.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan? b) => b is { } v && v < a ? v : a;

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : t > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : t;
}
