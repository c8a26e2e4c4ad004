using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Threading.Channels;

namespace HaTools.Core.Vrrp;

/// <summary>
/// Runs the VRRP instances and sync groups of one process group on a single logical thread (DESIGN principle 2):
/// received packets, tracker reports, timer ticks and commands are queued and handled one at a time, so protocol
/// code needs no locks. Time comes from the injected <see cref="TimeProvider"/>; I/O goes through the edge adapters.
/// </summary>
public sealed class VrrpEventLoop : IDisposable
{
    /// <summary>Largest VRRP message: header, 255 IPv6 addresses, auth data.</summary>
    private const int MaxMessageLength = VrrpPacket.HeaderLength + (255 * 16) + VrrpPacket.AuthDataLength;

    private readonly VrrpEventLoopOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<LoopItem> _queue = Channel.CreateUnbounded<LoopItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly InstanceRuntime[] _instances;
    private readonly Dictionary<string, InstanceRuntime> _byName = new(StringComparer.Ordinal);
    private readonly List<ChannelRuntime> _channels = [];
    private readonly GroupRuntime[] _groups;
    private readonly List<VrrpAction> _actions = new(32);
    private readonly List<(InstanceRuntime Instance, VrrpState From, VrrpState To)> _transitions = [];
    private readonly byte[] _sendBuffer = new byte[MaxMessageLength];
    private readonly VrrpPacket _rxPacket = new();

    // Receive buffers cycle between the edge's receive thread and the loop. ArrayPool.Shared keeps per-thread
    // caches, so renting on one thread and returning on another would keep allocating; this queue does not.
    private readonly ConcurrentQueue<byte[]> _freeBuffers = new();
    private readonly TrackerSink _trackerSink;
    private readonly bool _inline;
    private IVrrpReactor? _reactor;
    private int _loopThreadId;
    private ITimer? _timer;
    private TimeSpan? _scheduled;
    private long _startTimestamp;
    private bool _pumping;
    private volatile bool _started;
    private volatile bool _stopped;
    private bool _shutdownRequested;

    // Reports trackers make synchronously while they start (link state, files, processes): keepalived knows these
    // before its instances leave init, so they are applied before the machines start, not queued behind them.
    private int _trackerStartThread = -1;
    private List<VrrpTrackerReport>? _startReports;

    public VrrpEventLoop(VrrpEventLoopOptions options)
        : this(options, inline: false)
    {
    }

    /// <summary>
    /// <paramref name="inline"/>: process each posted item at once on the posting thread (tests on a FakeTimeProvider,
    /// where timers fire inside Advance). The single-threaded rule still holds because tests post from one thread.
    /// </summary>
    internal VrrpEventLoop(VrrpEventLoopOptions options, bool inline)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = options.TimeProvider;
        _inline = inline;
        _trackerSink = new TrackerSink(this);
        if (options.Instances.Count == 0)
        {
            throw new HaToolsException("VrrpNoInstances", HaToolsErrorKind.InvalidArgument, "A VRRP event loop needs at least one instance.", options);
        }

        _instances = new InstanceRuntime[options.Instances.Count];
        for (int i = 0; i < _instances.Length; i++)
        {
            VrrpInstanceSettings s = options.Instances[i];
            s.Validate();
            if (!_byName.TryAdd(s.Name, _instances[i] = new InstanceRuntime(s)))
            {
                throw new HaToolsException("VrrpDuplicateInstance", HaToolsErrorKind.InvalidArgument, $"VRRP instance name '{s.Name}' is used twice.", s);
            }
        }

        foreach (IGrouping<(string Interface, AddressFamily Family, byte Vrid), InstanceRuntime> dup in
                 _instances.GroupBy(i => (i.Settings.Interface, i.Settings.Family, i.Settings.VirtualRouterId)).Where(g => g.Count() > 1))
        {
            throw new HaToolsException("VrrpDuplicateVirtualRouterId", HaToolsErrorKind.InvalidArgument,
                $"Instances {string.Join(", ", dup.Select(d => d.Name))} use VRID {dup.Key.Vrid} on {dup.Key.Interface} in one family.", dup.First().Settings);
        }

        _groups = new GroupRuntime[options.SyncGroups.Count];
        for (int g = 0; g < _groups.Length; g++)
        {
            VrrpSyncGroupSettings gs = options.SyncGroups[g];
            var members = new List<InstanceRuntime>();
            foreach (string name in gs.Instances)
            {
                if (!_byName.TryGetValue(name, out InstanceRuntime? member))
                {
                    throw new HaToolsException("VrrpSyncGroupUnknownInstance", HaToolsErrorKind.ObjectNotFound,
                        $"Sync group '{gs.Name}' names instance '{name}', which is not in this loop.", gs);
                }

                if (member.Group is not null)
                {
                    throw new HaToolsException("VrrpSyncGroupOverlap", HaToolsErrorKind.InvalidArgument,
                        $"Instance '{name}' is in sync groups '{member.Group.Settings.Name}' and '{gs.Name}'.", gs);
                }

                members.Add(member);
            }

            GroupRuntime group = _groups[g] = new GroupRuntime(gs, members.ToArray());
            foreach (InstanceRuntime m in members)
            {
                m.Group = group;
                InstanceRuntime self = m;
                m.Machine.SyncGroupAllowsMaster = () => group.AllowsMaster(self);
            }
        }
    }

    /// <summary>Raised on the loop thread for each state change. Handlers must be quick and must not block.</summary>
    public event Action<VrrpTransition>? TransitionOccurred;

    /// <summary>Raised on the loop thread for each log line ("(VI_1) Entering MASTER STATE").</summary>
    public event Action<VrrpLogEntry>? LogWritten;

    public bool IsRunning => _started && !_stopped;

    public IReadOnlyList<string> InstanceNames => _instances.Select(i => i.Name).ToArray();

    /// <summary>
    /// Opens the sockets, starts trackers and instances, and runs until <paramref name="cancellationToken"/> is
    /// cancelled or <see cref="RequestShutdown"/> is called; then shuts down gracefully (priority-0 adverts from
    /// masters, VIPs removed, notify stop) before the task completes.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        return !_inline && _options.Transport is IVrrpReactorTransport reactorTransport
            ? RunOnReactorThread(reactorTransport, cancellationToken)
            : RunOnQueueAsync(cancellationToken);
    }

    /// <summary>True while the loop runs on its own thread with a reactor (the Linux transport), not on the thread pool.</summary>
    internal bool UsesReactor => _reactor is not null;

    /// <summary>
    /// The loop on one dedicated thread sleeping in the reactor: a datagram, a post or a deadline each cost one
    /// wakeup of that thread. Starting (sockets, trackers) happens here, synchronously, so start failures surface
    /// as an already-faulted task, as with the queue form.
    /// </summary>
    private Task RunOnReactorThread(IVrrpReactorTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            _reactor = transport.CreateReactor();
            Start();
            // The queue only carries posts in this mode: write one no-op item now so its generic code is compiled
            // before the first real post (often the shutdown command, when a JIT pause costs handover time).
            Enqueue(new LoopItem { Kind = ItemKind.Tick });
            VrrpEventLoopWarmup.StartOnce();
        }
        catch (Exception ex)
        {
            _reactor?.Dispose();
            return Task.FromException(ex);
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration = cancellationToken.Register(static s => ((VrrpEventLoop)s!).RequestShutdown(), this);
        var thread = new Thread(() =>
        {
            _loopThreadId = Environment.CurrentManagedThreadId;
            try
            {
                RunReactor();
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                registration.Dispose();
            }
        })
        {
            IsBackground = true,
            Name = "VRRP event loop",
        };
        thread.Start();
        return done.Task;
    }

    private void RunReactor()
    {
        try
        {
            while (!_shutdownRequested)
            {
                TimeSpan? wait = null;
                if (NextDeadline is { } due)
                {
                    wait = due - Now();
                    if (wait < TimeSpan.Zero)
                    {
                        wait = TimeSpan.Zero;
                    }
                }

                _reactor!.WaitAndDispatch(wait);
                Pump();
            }
        }
        finally
        {
            // No last Pump: a master's priority-0 advert goes out before anything still queued (keepalived sends it
            // first on SIGTERM too); ShutdownNow fails the commands left behind.
            ShutdownNow();
        }
    }

    private async Task RunOnQueueAsync(CancellationToken cancellationToken)
    {
        Start();
        // Cancellation becomes a queued shutdown: waiting with a cancellable token would allocate on every wait.
        using CancellationTokenRegistration registration = cancellationToken.Register(static s => ((VrrpEventLoop)s!).RequestShutdown(), this);
        try
        {
            while (!_shutdownRequested)
            {
                if (!await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    break;
                }

                Pump();
            }
        }
        finally
        {
            try
            {
                Pump();
            }
            finally
            {
                ShutdownNow();
            }
        }
    }

    /// <summary>Asks the loop to shut down gracefully; <see cref="RunAsync"/> completes when it has.</summary>
    public void RequestShutdown() => Post(new Command(CommandKind.Shutdown, null, 0));

    /// <summary>Changes an instance's base priority at runtime (Set-VrrpInstance -Priority).</summary>
    public Task SetPriorityAsync(string instance, int priority)
    {
        if (priority is < 1 or > 255)
        {
            throw new HaToolsException("VrrpInvalidPriority", HaToolsErrorKind.InvalidArgument, $"Priority {priority} must be 1..255.", priority);
        }

        return Post(new Command(CommandKind.SetPriority, Find(instance).Name, priority));
    }

    /// <summary>Puts an instance in or out of maintenance (steps down with a priority-0 advert; never takes over).</summary>
    public Task SetMaintenanceAsync(string instance, bool maintenance) =>
        Post(new Command(CommandKind.SetMaintenance, Find(instance).Name, maintenance ? 1 : 0));

    /// <summary>Stops one instance gracefully (STOP state); the others keep running.</summary>
    public Task StopInstanceAsync(string instance) => Post(new Command(CommandKind.StopInstance, Find(instance).Name, 0));

    /// <summary>Snapshot of every instance; safe from any thread.</summary>
    public IReadOnlyList<VrrpInstanceStatus> GetStatus() => _instances.Select(i => i.GetStatus()).ToArray();

    /// <summary>Snapshot of one instance, or null when the loop has no such instance.</summary>
    public VrrpInstanceStatus? GetStatus(string instance) => _byName.TryGetValue(instance, out InstanceRuntime? i) ? i.GetStatus() : null;

    /// <summary>
    /// Stops the loop gracefully. Inline (tests) it happens at once; while <see cref="RunAsync"/> runs it is queued and
    /// RunAsync completes when done — await RunAsync to know the priority-0 adverts went out.
    /// </summary>
    public void Dispose()
    {
        if (!_started || _stopped)
        {
            _stopped = true;
            _timer?.Dispose();
            return;
        }

        if (_inline)
        {
            ShutdownNow();
        }
        else
        {
            RequestShutdown();
        }
    }

    /// <summary>Opens channels and trackers and starts the machines; RunAsync calls it, inline tests call it directly.</summary>
    internal void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The VRRP event loop has already been started.");
        }

        _startTimestamp = _time.GetTimestamp();
        // With a reactor the deadline is the reactor's wait timeout; no timer thread is involved.
        _timer = _reactor is null ? _time.CreateTimer(static s => ((VrrpEventLoop)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) : null;
        try
        {
            foreach (IGrouping<(string Interface, AddressFamily Family), InstanceRuntime> g in _instances.GroupBy(i => (i.Settings.Interface, i.Settings.Family)))
            {
                var options = new VrrpChannelOptions
                {
                    Interface = g.Key.Interface,
                    Family = g.Key.Family,
                    JoinMulticastGroup = g.Any(i => !i.Settings.IsUnicast),
                    UnicastSources = g.Where(i => i.Settings.UnicastSourceIP is not null)
                        .Select(i => VrrpIpAddress.FromIPAddress(i.Settings.UnicastSourceIP!)).Distinct().ToArray(),
                };
                var channel = new ChannelRuntime(this, g.ToArray()) { Direct = _reactor is not null };
                _channels.Add(channel);
                channel.Channel = _reactor is not null
                    ? ((IVrrpReactorTransport)_options.Transport).Open(options, channel, _reactor)
                    : _options.Transport.Open(options, channel);
                foreach (InstanceRuntime i in channel.Instances)
                {
                    i.Channel = channel;
                }
            }

            _startReports = [];
            _trackerStartThread = Environment.CurrentManagedThreadId;
            try
            {
                foreach (ITracker tracker in _options.Trackers)
                {
                    tracker.Start(_trackerSink);
                }
            }
            finally
            {
                _trackerStartThread = -1;
            }
        }
        catch
        {
            foreach (ChannelRuntime c in _channels)
            {
                c.Channel?.Dispose();
            }

            _timer?.Dispose();
            _stopped = true;
            throw;
        }

        _started = true;
        TimeSpan now = Now();
        // Hold the pump: a fake LAN may deliver our own sends back into this loop while we act.
        _pumping = true;
        try
        {
            foreach (VrrpTrackerReport report in _startReports!)
            {
                foreach (InstanceRuntime i in _instances)
                {
                    i.Machine.TrackerChanged(report, now, _actions);
                    Execute(i);
                }
            }

            _startReports = null;

            // A member held at start (a link down, a script not yet run) holds its group before anyone leaves init.
            foreach (GroupRuntime g in _groups)
            {
                SyncFaults(g);
            }

            foreach (InstanceRuntime i in _instances)
            {
                i.Machine.OwnAddress = i.SourceAddress;
                i.Machine.Start(now, _actions);
                Execute(i);
            }

            ProcessTransitions(faultsMayHaveChanged: true);
        }
        finally
        {
            _pumping = false;
        }

        Pump();
    }

    /// <summary>Drains the queue and due timers (called by RunAsync and, in inline mode, by every post).</summary>
    internal void Pump()
    {
        if (_pumping || !_started || _stopped)
        {
            return;
        }

        _pumping = true;
        try
        {
            // No TryPeek/Count: peeking freezes the queue's segment (the next write allocates) and the
            // single-reader channel of net8.0 cannot count. Read one more item after the timers instead.
            while (true)
            {
                while (_queue.Reader.TryRead(out LoopItem item))
                {
                    ProcessSafely(item);
                    if (_stopped || (_shutdownRequested && _reactor is not null))
                    {
                        // Reactor: go straight to ShutdownNow, so the priority-0 advert is the next thing sent.
                        return;
                    }
                }

                RunDueTimersSafely();
                if (!_queue.Reader.TryRead(out LoopItem late))
                {
                    break;
                }

                ProcessSafely(late);
                if (_stopped)
                {
                    return;
                }
            }

            Reschedule();
        }
        finally
        {
            _pumping = false;
        }
    }

    internal TimeSpan Now() => _time.GetElapsedTime(_startTimestamp);

    /// <summary>Earliest protocol deadline of any instance, on this loop's clock (for tests that step a fake clock).</summary>
    internal TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach (InstanceRuntime i in _instances)
            {
                if (i.Machine.NextDeadline is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    internal VrrpStateMachine GetMachine(string instance) => Find(instance).Machine;

    private InstanceRuntime Find(string instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _byName.TryGetValue(instance, out InstanceRuntime? i)
            ? i
            : throw new HaToolsException("VrrpInstanceNotFound", HaToolsErrorKind.ObjectNotFound, $"No VRRP instance named '{instance}' in this loop.", instance);
    }

    private Task Post(Command command)
    {
        if (_stopped)
        {
            command.Completion.TrySetException(new HaToolsException("VrrpLoopStopped", HaToolsErrorKind.InvalidOperation, "The VRRP event loop has stopped.", command.Instance));
        }
        else
        {
            Enqueue(new LoopItem { Kind = ItemKind.Command, Command = command });
        }

        return command.Completion.Task;
    }

    private void Enqueue(in LoopItem item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            if (item.Buffer is not null)
            {
                _freeBuffers.Enqueue(item.Buffer);
            }

            item.Command?.Completion.TrySetException(new HaToolsException("VrrpLoopStopped", HaToolsErrorKind.InvalidOperation, "The VRRP event loop has stopped.", null));
            return;
        }

        if (_inline)
        {
            Pump();
        }
        else if (_reactor is not null && Environment.CurrentManagedThreadId != _loopThreadId)
        {
            _reactor.Wake();
        }
    }

    /// <summary>
    /// A datagram read by the reactor on the loop thread: handled at once from the channel's buffer, with no copy and
    /// no queue. The pump guard is held so nothing re-enters; timers run in the Pump that follows the wait.
    /// </summary>
    private void ProcessDirect(ChannelRuntime channel, ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info)
    {
        if (_stopped || _pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            ProcessPacket(channel, datagram, info);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _actions.Clear();
            _transitions.Clear();
            Log(null, VrrpLogLevel.Error, $"internal error handling a packet: {ex}");
        }
        finally
        {
            _pumping = false;
        }
    }

    private void OnTimer()
    {
        _scheduled = null;
        Enqueue(new LoopItem { Kind = ItemKind.Tick });
    }

    /// <summary>A bug in one event must not stop the protocol for every instance: log it and go on.</summary>
    private void ProcessSafely(in LoopItem item)
    {
        try
        {
            Process(item);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _actions.Clear();
            _transitions.Clear();
            Log(null, VrrpLogLevel.Error, $"internal error handling {item.Kind}: {ex}");
        }
    }

    private void RunDueTimersSafely()
    {
        try
        {
            RunDueTimers();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _actions.Clear();
            _transitions.Clear();
            Log(null, VrrpLogLevel.Error, $"internal error handling timers: {ex}");
        }
    }

    private void Process(in LoopItem item)
    {
        switch (item.Kind)
        {
            case ItemKind.Packet:
                try
                {
                    ProcessPacket(item.Channel!, item.Buffer.AsSpan(0, item.Length), item.Info);
                }
                finally
                {
                    _freeBuffers.Enqueue(item.Buffer!);
                }

                break;
            case ItemKind.Tracker:
                foreach (InstanceRuntime i in _instances)
                {
                    i.Machine.TrackerChanged(item.Report, Now(), _actions);
                    Execute(i, forcePublish: true);
                }

                ProcessTransitions(faultsMayHaveChanged: true);
                break;
            case ItemKind.Command:
                ProcessCommand(item.Command!);
                break;
            default:
                // Ticks only wake the pump; RunDueTimers does the work.
                break;
        }
    }

    private void ProcessCommand(Command command)
    {
        try
        {
            if (command.Kind == CommandKind.Shutdown)
            {
                _shutdownRequested = true;
                command.Completion.TrySetResult();
                if (_inline)
                {
                    ShutdownNow();
                }

                return;
            }

            InstanceRuntime i = _byName[command.Instance!];
            switch (command.Kind)
            {
                case CommandKind.SetPriority:
                    i.Machine.SetPriority(command.Value, Now(), _actions);
                    break;
                case CommandKind.SetMaintenance:
                    i.Machine.SetMaintenance(command.Value != 0, Now(), _actions);
                    break;
                case CommandKind.StopInstance:
                    i.Machine.Shutdown(Now(), _actions);
                    break;
            }

            Execute(i, forcePublish: true);
            ProcessTransitions(faultsMayHaveChanged: true);
            command.Completion.TrySetResult();
        }
        catch (Exception ex)
        {
            command.Completion.TrySetException(ex);
        }
    }

    private void ProcessPacket(ChannelRuntime channel, ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info)
    {
        bool ok;
        VrrpDropReason reason;
        int vridOffset = 1;
        if (info.IncludesIPv4Header)
        {
            ok = VrrpPacketReader.TryReadIPv4(datagram, requireTtl255: false, _rxPacket, out reason);
            vridOffset = datagram.Length > 0 ? ((datagram[0] & 0x0F) * 4) + 1 : 1;
        }
        else if (channel.Family == AddressFamily.InterNetworkV6)
        {
            ok = VrrpPacketReader.TryReadIPv6(datagram, info.Source, info.Destination, info.TtlOrHopLimit, requireHopLimit255: false, _rxPacket, out reason);
        }
        else
        {
            ok = VrrpPacketReader.TryRead(datagram, AddressFamily.InterNetwork, info.Source, info.Destination, _rxPacket, out reason);
            _rxPacket.TtlOrHopLimit = info.TtlOrHopLimit;
        }

        if (!ok)
        {
            // Count on the instance the VRID byte names, if it can be read; else on every instance of the channel.
            InstanceRuntime? target = datagram.Length > vridOffset ? channel.FindByVrid(datagram[vridOffset]) : null;
            if (target is not null)
            {
                Drop(target, reason);
            }
            else
            {
                foreach (InstanceRuntime i in channel.Instances)
                {
                    Drop(i, reason);
                }
            }

            return;
        }

        InstanceRuntime? instance = channel.FindByVrid(_rxPacket.VirtualRouterId);
        if (instance is null)
        {
            foreach (InstanceRuntime i in channel.Instances)
            {
                Drop(i, VrrpDropReason.UnknownVirtualRouterId);
            }

            return;
        }

        // RFC 5798 §7.1 TTL rule; keepalived skips it for unicast peers (routers may be hops apart).
        int ttl = _rxPacket.TtlOrHopLimit;
        if (!instance.Settings.IsUnicast && ttl != -1 && ttl != VrrpPacket.RequiredTtl)
        {
            Drop(instance, VrrpDropReason.BadTtl);
            return;
        }

        instance.Machine.OwnAddress = instance.SourceAddress;
        reason = instance.Machine.Check(_rxPacket);
        if (reason != VrrpDropReason.None)
        {
            Drop(instance, reason);
            return;
        }

        instance.Received++;
        if (_rxPacket.Priority == 0)
        {
            instance.PriorityZeroReceived++;
        }

        instance.Machine.AdvertisementReceived(_rxPacket, Now(), _actions);
        Execute(instance);
        ProcessTransitions();
    }

    private void Drop(InstanceRuntime instance, VrrpDropReason reason)
    {
        long count = ++instance.Drops[(int)reason];
        // Log the 1st, 2nd, 4th, 8th... of each reason so a flood cannot flood the log.
        if ((count & (count - 1)) == 0)
        {
            Log(instance.Name, reason == VrrpDropReason.UnknownVirtualRouterId ? VrrpLogLevel.Debug : VrrpLogLevel.Info,
                $"({instance.Name}) dropped advert: {reason} (seen {count.ToString(CultureInfo.InvariantCulture)} times)");
        }
    }

    private void RunDueTimers()
    {
        bool again = true;
        while (again && !_stopped)
        {
            again = false;
            TimeSpan now = Now();
            foreach (InstanceRuntime i in _instances)
            {
                if (i.Machine.NextDeadline is { } due && due <= now)
                {
                    i.Machine.TimerFired(now, _actions);
                    Execute(i);
                    again = true;
                }
            }

            ProcessTransitions();
        }
    }

    private void Reschedule()
    {
        TimeSpan? next = NextDeadline;

        if (next == _scheduled || _timer is null)
        {
            return;
        }

        _scheduled = next;
        if (next is null)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        else
        {
            TimeSpan delay = next.Value - Now();
            _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Carries out the actions the machine of <paramref name="instance"/> produced.</summary>
    private void Execute(InstanceRuntime instance, bool forcePublish = false)
    {
        bool changed = forcePublish;
        for (int n = 0; n < _actions.Count; n++)
        {
            VrrpAction a = _actions[n];
            switch (a.Kind)
            {
                case VrrpActionKind.SendAdvertisement:
                    SendAdvertisement(instance, a.Priority);
                    break;
                case VrrpActionKind.AddVirtualAddresses:
                    ForEachVip(instance, add: true);
                    break;
                case VrrpActionKind.RemoveVirtualAddresses:
                    ForEachVip(instance, add: false);
                    break;
                case VrrpActionKind.Announce:
                    // A separate method: a lambda here would make Execute allocate a closure on every call.
                    Announce(instance, a.Count);
                    break;
                case VrrpActionKind.Notify:
                    RunNotifies(false, instance.Name, instance.Settings.NotifyScripts, a.To, a.Priority);
                    break;
                case VrrpActionKind.Log:
                    Log(instance.Name, a.Level, a.Message!);
                    break;
                case VrrpActionKind.StateChanged:
                    changed = true;
                    if (a.To == VrrpState.Master)
                    {
                        instance.BecameMaster++;
                    }

                    var transition = new VrrpTransition(_time.GetUtcNow(), instance.Name, a.From, a.To, a.Message ?? string.Empty,
                        a.To == VrrpState.Master ? NullIfNone(instance.SourceAddress) : NullIfNone(instance.Machine.MasterAddress), a.Priority);
                    instance.LastTransition = transition;
                    _transitions.Add((instance, a.From, a.To));
                    Publish(instance);
                    Raise(transition);
                    break;
            }
        }

        _actions.Clear();
        if (changed || instance.Published.MasterAddress != instance.Machine.MasterAddress
            || instance.Published.MasterPriority != instance.Machine.MasterPriority
            || instance.Published.MasterAdvertisementInterval != instance.Machine.MasterAdvertisementInterval
            || instance.Published.EffectivePriority != instance.Machine.EffectivePriority)
        {
            Publish(instance);
        }
    }

    /// <summary>Applies sync group rules (keepalived vrrp_sync_*) to the transitions collected so far.</summary>
    private void ProcessTransitions(bool faultsMayHaveChanged = false)
    {
        if (_groups.Length == 0 || (_transitions.Count == 0 && !faultsMayHaveChanged))
        {
            // Nothing for the groups to do: the steady state takes this path and allocates nothing.
            _transitions.Clear();
            return;
        }

        for (int guard = 0; guard < 16 && (_transitions.Count > 0 || guard == 0); guard++)
        {
            var batch = _transitions.ToArray();
            _transitions.Clear();
            foreach (GroupRuntime g in _groups)
            {
                SyncFaults(g);
            }

            foreach ((InstanceRuntime instance, VrrpState from, VrrpState to) in batch)
            {
                GroupRuntime? g = instance.Group;
                if (g is null)
                {
                    continue;
                }

                foreach (InstanceRuntime other in g.Members)
                {
                    if (other == instance)
                    {
                        continue;
                    }

                    if (to == VrrpState.Master)
                    {
                        other.Machine.SyncGoMaster($"sync group {g.Settings.Name}: {instance.Name} became MASTER", Now(), _actions);
                    }
                    else if (from == VrrpState.Master && to == VrrpState.Backup)
                    {
                        other.Machine.SyncGoBackup($"sync group {g.Settings.Name}: {instance.Name} became BACKUP", Now(), _actions);
                    }

                    Execute(other);
                }
            }

            foreach (GroupRuntime g in _groups)
            {
                UpdateGroupState(g);
            }

            if (_transitions.Count == 0)
            {
                break;
            }
        }

        _transitions.Clear();
    }

    /// <summary>Any member held in FAULT by its own trackers holds the whole group in FAULT.</summary>
    private void SyncFaults(GroupRuntime g)
    {
        InstanceRuntime? faulty = null;
        foreach (InstanceRuntime m in g.Members)
        {
            if (m.Machine.HasOwnFault && m.Machine.State != VrrpState.Stop)
            {
                faulty = m;
                break;
            }
        }

        foreach (InstanceRuntime m in g.Members)
        {
            InstanceRuntime? other = faulty;
            if (other == m)
            {
                other = null;
                foreach (InstanceRuntime x in g.Members)
                {
                    if (x != m && x.Machine.HasOwnFault && x.Machine.State != VrrpState.Stop)
                    {
                        other = x;
                        break;
                    }
                }
            }

            string? reason = other is null ? null : g.FaultReasonFor(other);
            m.Machine.SetSyncFault(reason, Now(), _actions, awaitingOnly: other is not null && other.Machine.OwnFaultIsOnlyAwaitingScripts);
            Execute(m);
        }
    }

    private void UpdateGroupState(GroupRuntime g)
    {
        VrrpState state = VrrpState.Backup;
        bool allMaster = true;
        bool allStopped = true;
        foreach (InstanceRuntime m in g.Members)
        {
            VrrpState s = m.Machine.State;
            if (s == VrrpState.Fault)
            {
                state = VrrpState.Fault;
            }

            allMaster &= s == VrrpState.Master;
            allStopped &= s == VrrpState.Stop;
        }

        if (state != VrrpState.Fault)
        {
            state = allStopped ? VrrpState.Stop : allMaster ? VrrpState.Master : VrrpState.Backup;
        }

        if (state != g.State)
        {
            g.State = state;
            Log(null, VrrpLogLevel.Info, $"({g.Settings.Name}) Syncing instances to {VrrpNotification.StateWord(state)} state");
            RunNotifies(true, g.Settings.Name, g.Settings.NotifyScripts, state, 0);
        }
    }

    private void SendAdvertisement(InstanceRuntime instance, int priority)
    {
        ChannelRuntime? channel = instance.Channel;
        if (channel?.Channel is null)
        {
            return;
        }

        VrrpIpAddress source = instance.SourceAddress;
        instance.Machine.OwnAddress = source;
        VrrpPacket packet = instance.TxPacket;
        packet.Priority = (byte)priority;
        // Send the interval we run at (v3 masters advertise their own, RFC 5798 §6.4.3).
        VrrpChecksumKind kind = instance.Machine.SendChecksumKind;
        bool sent = false;
        if (instance.Settings.IsUnicast)
        {
            foreach (VrrpIpAddress peer in instance.Peers)
            {
                sent |= SendOne(channel.Channel, packet, source, peer, kind);
            }
        }
        else
        {
            VrrpIpAddress group = instance.Settings.Family == AddressFamily.InterNetworkV6 ? VrrpPacket.MulticastGroupIPv6 : VrrpPacket.MulticastGroupIPv4;
            sent = SendOne(channel.Channel, packet, source, group, kind);
        }

        if (sent)
        {
            instance.Sent++;
            if (priority == 0)
            {
                instance.PriorityZeroSent++;
            }
        }
        else
        {
            long failures = ++instance.SendFailures;
            if ((failures & (failures - 1)) == 0)
            {
                Log(instance.Name, VrrpLogLevel.Warning, $"({instance.Name}) failed to send advert (source {source}), {failures.ToString(CultureInfo.InvariantCulture)} failures");
            }
        }
    }

    private bool SendOne(IVrrpChannel channel, VrrpPacket packet, VrrpIpAddress source, VrrpIpAddress destination, VrrpChecksumKind kind)
    {
        if (!VrrpPacketWriter.TryWrite(packet, source, destination, kind, _sendBuffer, out int length))
        {
            return false;
        }

        try
        {
            return channel.Send(_sendBuffer.AsSpan(0, length), source, destination);
        }
        catch (Exception ex) when (ex is HaToolsException or SocketException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    private void ForEachVip(InstanceRuntime instance, bool add)
    {
        foreach (VrrpVirtualAddress vip in instance.Settings.VirtualIPAddresses)
        {
            try
            {
                if (add)
                {
                    _options.VipManager.Add(vip, instance.Settings.Interface);
                }
                else
                {
                    _options.VipManager.Remove(vip, instance.Settings.Interface);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log(instance.Name, VrrpLogLevel.Error, $"({instance.Name}) failed to {(add ? "add" : "remove")} {vip}: {ex.Message}");
            }
        }
    }

    private void RunNotifies(bool isGroup, string name, VrrpNotifyScripts scripts, VrrpState state, int priority)
    {
        string? specific = state switch
        {
            VrrpState.Master => scripts.NotifyMaster,
            VrrpState.Backup => scripts.NotifyBackup,
            VrrpState.Fault => scripts.NotifyFault,
            VrrpState.Stop => scripts.NotifyStop,
            _ => null,
        };
        if (specific is not null)
        {
            Guard(name, () => _options.NotifyRunner.Run(new VrrpNotification(specific, [], isGroup, name, state, priority)), "notify");
        }

        if (scripts.Notify is not null)
        {
            // keepalived appends: "GROUP"|"INSTANCE", name, state, priority.
            string[] args = [isGroup ? "GROUP" : "INSTANCE", name, VrrpNotification.StateWord(state), priority.ToString(CultureInfo.InvariantCulture)];
            Guard(name, () => _options.NotifyRunner.Run(new VrrpNotification(scripts.Notify, args, isGroup, name, state, priority)), "notify");
        }
    }

    private void Announce(InstanceRuntime instance, int count)
    {
        try
        {
            _options.Announcer.Announce(new VrrpAnnouncement(instance.Name, instance.Settings.Interface,
                instance.Settings.VirtualIPAddresses, count, instance.Settings.GarpInterval));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log(instance.Name, VrrpLogLevel.Error, $"({instance.Name}) announce failed: {ex.Message}");
        }
    }

    private void Guard(string name, Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log(name, VrrpLogLevel.Error, $"({name}) {what} failed: {ex.Message}");
        }
    }

    private void Log(string? instance, VrrpLogLevel level, string message)
    {
        Action<VrrpLogEntry>? handler = LogWritten;
        if (handler is not null)
        {
            try
            {
                handler(new VrrpLogEntry(_time.GetUtcNow(), level, instance, message));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A broken subscriber must not stop the protocol.
            }
        }
    }

    private void Raise(VrrpTransition transition)
    {
        try
        {
            TransitionOccurred?.Invoke(transition);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log(transition.Instance, VrrpLogLevel.Error, $"({transition.Instance}) transition handler failed: {ex.Message}");
        }
    }

    private void Publish(InstanceRuntime i)
    {
        VrrpStateMachine m = i.Machine;
        i.Published = new Published(m.State, m.BasePriority, m.EffectivePriority, m.PriorityContributions, m.FaultReasons, m.Maintenance,
            m.MasterAddress, m.MasterPriority, m.MasterAdvertisementInterval, m.MasterDownInterval, i.LastTransition);
    }

    private void ShutdownNow()
    {
        if (_stopped || !_started)
        {
            _stopped = true;
            return;
        }

        TimeSpan now = Now();
        _pumping = true;
        foreach (InstanceRuntime i in _instances)
        {
            i.Machine.Shutdown(now, _actions);
            Execute(i);
        }

        _transitions.Clear();
        foreach (GroupRuntime g in _groups)
        {
            UpdateGroupState(g);
        }

        _stopped = true;
        _queue.Writer.TryComplete();
        _timer?.Dispose();
        foreach (ITracker t in _options.Trackers)
        {
            try
            {
                t.Dispose();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log(null, VrrpLogLevel.Warning, "tracker dispose failed: " + ex.Message);
            }
        }

        foreach (ChannelRuntime c in _channels)
        {
            try
            {
                c.Channel?.Dispose();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log(null, VrrpLogLevel.Warning, "channel dispose failed: " + ex.Message);
            }
        }

        _reactor?.Dispose();

        while (_queue.Reader.TryRead(out LoopItem left))
        {
            if (left.Buffer is not null)
            {
                _freeBuffers.Enqueue(left.Buffer);
            }

            left.Command?.Completion.TrySetException(new HaToolsException("VrrpLoopStopped", HaToolsErrorKind.InvalidOperation, "The VRRP event loop has stopped.", null));
        }
    }

    private static System.Net.IPAddress? NullIfNone(VrrpIpAddress a) => a.IsNone ? null : a.ToIPAddress();

    private enum ItemKind
    {
        Tick,
        Packet,
        Tracker,
        Command,
    }

    private enum CommandKind
    {
        Shutdown,
        SetPriority,
        SetMaintenance,
        StopInstance,
    }

    private struct LoopItem
    {
        public ItemKind Kind;
        public byte[]? Buffer;
        public int Length;
        public VrrpReceiveInfo Info;
        public ChannelRuntime? Channel;
        public VrrpTrackerReport Report;
        public Command? Command;
    }

    private sealed class Command(CommandKind kind, string? instance, int value)
    {
        public CommandKind Kind { get; } = kind;

        public string? Instance { get; } = instance;

        public int Value { get; } = value;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Published(VrrpState State, int BasePriority, int EffectivePriority, IReadOnlyList<VrrpPriorityContribution> Contributions,
        IReadOnlyList<string> FaultReasons, bool Maintenance, VrrpIpAddress MasterAddress, int MasterPriority, TimeSpan MasterAdvertisementInterval,
        TimeSpan MasterDownInterval, VrrpTransition? LastTransition);

    private sealed class InstanceRuntime
    {
        public InstanceRuntime(VrrpInstanceSettings settings)
        {
            Settings = settings;
            Machine = new VrrpStateMachine(settings);
            var vips = settings.VirtualIPAddresses.Select(v => VrrpIpAddress.FromIPAddress(v.Address)).ToArray();
            TxPacket = new VrrpPacket(settings.Version, settings.VirtualRouterId, (byte)Math.Min(255, settings.Priority), settings.AdvertIntervalField, vips,
                settings.AuthType, settings.GetAuthData());
            Peers = settings.UnicastPeers.Select(VrrpIpAddress.FromIPAddress).ToArray();
            UnicastSource = settings.UnicastSourceIP is null ? VrrpIpAddress.None : VrrpIpAddress.FromIPAddress(settings.UnicastSourceIP);
            Published = new Published(VrrpState.Initialize, Machine.BasePriority, Machine.EffectivePriority, [], [], false, VrrpIpAddress.None, 0,
                Machine.MasterAdvertisementInterval, Machine.MasterDownInterval, null);
        }

        public VrrpInstanceSettings Settings { get; }

        public string Name => Settings.Name;

        public VrrpStateMachine Machine { get; }

        public VrrpPacket TxPacket { get; }

        public VrrpIpAddress[] Peers { get; }

        public VrrpIpAddress UnicastSource { get; }

        public ChannelRuntime? Channel { get; set; }

        public GroupRuntime? Group { get; set; }

        public VrrpIpAddress SourceAddress => !UnicastSource.IsNone ? UnicastSource : Channel?.Channel?.PrimaryAddress ?? VrrpIpAddress.None;

        public long[] Drops { get; } = new long[VrrpErrorCounters.ReasonCount];

        public long Sent;
        public long Received;
        public long PriorityZeroSent;
        public long PriorityZeroReceived;
        public long BecameMaster;
        public long SendFailures;

        public VrrpTransition? LastTransition { get; set; }

        public volatile Published Published;

        public VrrpInstanceStatus GetStatus()
        {
            Published p = Published;
            return new VrrpInstanceStatus
            {
                Name = Name,
                Interface = Settings.Interface,
                VirtualRouterId = Settings.VirtualRouterId,
                Version = Settings.Version,
                State = p.State,
                BasePriority = p.BasePriority,
                EffectivePriority = p.EffectivePriority,
                PriorityReasons = p.Contributions,
                FaultReasons = p.FaultReasons,
                Maintenance = p.Maintenance,
                MasterAddress = p.MasterAddress.IsNone ? null : p.MasterAddress.ToIPAddress(),
                MasterPriority = p.MasterPriority,
                VirtualIPAddresses = Settings.VirtualIPAddresses,
                AdvertisementInterval = Settings.AdvertisementInterval,
                MasterAdvertisementInterval = p.MasterAdvertisementInterval,
                MasterDownInterval = p.MasterDownInterval,
                AdvertisementsSent = Volatile.Read(ref Sent),
                AdvertisementsReceived = Volatile.Read(ref Received),
                PriorityZeroSent = Volatile.Read(ref PriorityZeroSent),
                PriorityZeroReceived = Volatile.Read(ref PriorityZeroReceived),
                BecameMaster = Volatile.Read(ref BecameMaster),
                Errors = new VrrpErrorCounters(Drops),
                LastTransition = p.LastTransition,
                SyncGroup = Group?.Settings.Name,
                SendChecksumKind = Machine.SendChecksumKind, // a flag set once on the loop thread; a stale read is harmless
            };
        }
    }

    private sealed class GroupRuntime(VrrpSyncGroupSettings settings, InstanceRuntime[] members)
    {
        private readonly Dictionary<InstanceRuntime, string> _reasons = [];

        public VrrpSyncGroupSettings Settings { get; } = settings;

        public InstanceRuntime[] Members { get; } = members;

        public VrrpState State { get; set; } = VrrpState.Initialize;

        /// <summary>keepalived vrrp_sync_can_goto_master: the group is master already, or every other member wants to be.</summary>
        public bool AllowsMaster(InstanceRuntime member)
        {
            if (State == VrrpState.Master)
            {
                return true;
            }

            foreach (InstanceRuntime other in Members)
            {
                if (other != member && other.Machine.State != VrrpState.Master && !other.Machine.WantsMaster)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Cached so that re-applying the same fault allocates nothing.</summary>
        public string FaultReasonFor(InstanceRuntime member)
        {
            if (!_reasons.TryGetValue(member, out string? r))
            {
                _reasons[member] = r = $"sync group {Settings.Name}: {member.Name} in FAULT";
            }

            return r;
        }
    }

    private sealed class ChannelRuntime(VrrpEventLoop loop, InstanceRuntime[] instances) : IVrrpPacketSink
    {
        public InstanceRuntime[] Instances { get; } = instances;

        public AddressFamily Family => Instances[0].Settings.Family;

        public IVrrpChannel? Channel { get; set; }

        /// <summary>Opened on the loop's reactor: Deliver runs on the loop thread and is handled in place.</summary>
        public bool Direct { get; init; }

        public InstanceRuntime? FindByVrid(byte vrid)
        {
            foreach (InstanceRuntime i in Instances)
            {
                if (i.Settings.VirtualRouterId == vrid)
                {
                    return i;
                }
            }

            return null;
        }

        public void Deliver(ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info)
        {
            if (loop._stopped || datagram.Length > 65535)
            {
                return;
            }

            if (Direct)
            {
                loop.ProcessDirect(this, datagram, info);
                return;
            }

            // 2 KiB holds any IPv4 advert; a larger IPv6 one gets its own buffer, which then joins the pool.
            if (!loop._freeBuffers.TryDequeue(out byte[]? buffer) || buffer.Length < datagram.Length)
            {
                buffer = new byte[Math.Max(2048, datagram.Length)];
            }

            datagram.CopyTo(buffer);
            loop.Enqueue(new LoopItem { Kind = ItemKind.Packet, Buffer = buffer, Length = datagram.Length, Info = info, Channel = this });
        }
    }

    private sealed class TrackerSink(VrrpEventLoop loop) : IVrrpTrackerSink
    {
        public void Report(VrrpTrackerReport report)
        {
            if (loop._stopped)
            {
                return;
            }

            if (loop._trackerStartThread == Environment.CurrentManagedThreadId)
            {
                loop._startReports!.Add(report);
                return;
            }

            loop.Enqueue(new LoopItem { Kind = ItemKind.Tracker, Report = report });
        }
    }
}
