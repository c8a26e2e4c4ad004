using System.Diagnostics;

namespace HaTools.Core.Linux.Tcp;

/// <summary>
/// Non-blocking TCP connects for many checkers on one epoll thread, as keepalived's checker does: socket()
/// and connect() run on the caller's thread (they never block), the reactor thread waits for writability,
/// reads SO_ERROR and enforces connect_timeout from one deadline queue (no timer or CancellationTokenSource
/// per connect). A probe that only needs "did it connect" is closed by the reactor with SO_LINGER 0, so a
/// check leaves no TIME_WAIT behind; a caller that wants the socket gets the descriptor.
/// </summary>
public sealed unsafe class TcpConnectReactor : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeData = 0;

    private static readonly Lazy<TcpConnectReactor> s_shared = new(() => new TcpConnectReactor("hatools-connect"));

    private readonly object _lock = new();
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly PriorityQueue<long, long> _deadlines = new();
    private Slot[] _slots = new Slot[64];
    private int[] _free = new int[64];
    private int _freeCount;
    private int _used;
    private long _sleepUntil = long.MinValue;
    private volatile bool _disposed;
    private long _started;
    private long _completed;

    public TcpConnectReactor(string threadName = "hatools-connect")
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The connect reactor uses epoll (Linux only).");
        _epoll = NativeTcp.EpollCreate1(NativeTcp.EPOLL_CLOEXEC);
        if (_epoll < 0) throw LinuxError.FromErrno(LinuxError.LastErrno(), "epoll_create1 for the connect reactor");
        _wake = NativeTcp.EventFd(0, NativeTcp.EFD_CLOEXEC | NativeTcp.EFD_NONBLOCK);
        if (_wake < 0)
        {
            var errno = LinuxError.LastErrno();
            NativeTcp.Close(_epoll);
            throw LinuxError.FromErrno(errno, "eventfd for the connect reactor");
        }
        if (NativeTcp.EpollCtl(_epoll, NativeTcp.EPOLL_CTL_ADD, _wake, NativeTcp.EPOLLIN, WakeData) < 0)
        {
            var errno = LinuxError.LastErrno();
            NativeTcp.Close(_wake);
            NativeTcp.Close(_epoll);
            throw LinuxError.FromErrno(errno, "epoll_ctl for the connect reactor");
        }
        for (var i = _slots.Length - 1; i >= 0; i--)
        {
            _slots[i].Fd = -1;
            _free[_freeCount++] = i;
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>The process-wide reactor (one thread), created on first use and never disposed.</summary>
    public static TcpConnectReactor Shared => s_shared.Value;

    /// <summary>Connects waiting for the handshake or their deadline.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock) return _used;
        }
    }

    public long Started => Interlocked.Read(ref _started);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>
    /// Starts one connect to <paramref name="target"/>. <paramref name="completion"/> is told exactly once. With
    /// <paramref name="keepSocket"/> the connected descriptor is handed over (the caller closes it); without,
    /// the reactor closes it at once with a reset. Returns an id for <see cref="Cancel"/>, or 0 when the outcome
    /// was known at once and the completion already ran on this thread.
    /// </summary>
    public long Connect(TcpConnectTarget target, bool keepSocket, ITcpConnectCompletion completion, object? state)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(completion);
        var start = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _started);
        if (_disposed) return Finish(completion, state, TcpConnectStage.Cancelled, 0, -1, start);

        var fd = NativeTcp.Socket(target.Family, NativeTcp.SOCK_STREAM | NativeTcp.SOCK_NONBLOCK | NativeTcp.SOCK_CLOEXEC, 0);
        if (fd < 0) return Finish(completion, state, TcpConnectStage.Socket, LinuxError.LastErrno(), -1, start);

        int one = 1;
        if (target.Mark != 0)
        {
            int mark = target.Mark;
            if (NativeTcp.SetSockOpt(fd, NativeTcp.SOL_SOCKET, NativeTcp.SO_MARK, &mark, sizeof(int)) < 0) return Fail(fd, TcpConnectStage.Socket);
        }
        if (keepSocket)
        {
            // The caller talks on it (HTTP, SMTP): small requests go out at once.
            NativeTcp.SetSockOpt(fd, NativeTcp.IPPROTO_TCP, NativeTcp.TCP_NODELAY, &one, sizeof(int));
        }
        else
        {
            // Close with a reset, as keepalived does: no TIME_WAIT left per check on this host.
            var linger = new NativeTcp.Linger { OnOff = 1, Seconds = 0 };
            NativeTcp.SetSockOpt(fd, NativeTcp.SOL_SOCKET, NativeTcp.SO_LINGER, &linger, (uint)sizeof(NativeTcp.Linger));
        }
        if (target.Bind is { } bind)
        {
            fixed (byte* b = bind)
            {
                if (NativeTcp.Bind(fd, b, (uint)target.BindLength) < 0) return Fail(fd, TcpConnectStage.Bind);
            }
        }

        int r;
        fixed (byte* d = target.Destination)
        {
            r = NativeTcp.Connect(fd, d, (uint)target.DestinationLength);
        }
        if (r == 0) return Connected(fd);
        var err = LinuxError.LastErrno();
        if (err != NativeTcp.EINPROGRESS)
        {
            NativeTcp.Close(fd);
            return Finish(completion, state, TcpConnectStage.Connect, err, -1, start);
        }

        var deadline = start + target.TimeoutTimestamp;
        long id;
        bool wake;
        lock (_lock)
        {
            if (_disposed)
            {
                NativeTcp.Close(fd);
                return Finish(completion, state, TcpConnectStage.Cancelled, 0, -1, start);
            }
            var slot = Allocate();
            ref var s = ref _slots[slot];
            if (++s.Generation == 0) s.Generation = 1; // id 0 means "already completed"
            s.Fd = fd;
            s.Keep = keepSocket;
            s.Start = start;
            s.Completion = completion;
            s.State = state;
            id = ((long)s.Generation << 32) | (uint)slot;
            // Registered under the lock: the reactor cannot time the slot out (and close the fd) before epoll knows it.
            if (NativeTcp.EpollCtl(_epoll, NativeTcp.EPOLL_CTL_ADD, fd, NativeTcp.EPOLLOUT | NativeTcp.EPOLLONESHOT, (ulong)id) < 0)
            {
                err = LinuxError.LastErrno();
                Release(slot);
                NativeTcp.Close(fd);
                id = 0;
                wake = false;
            }
            else
            {
                _deadlines.Enqueue(id, deadline);
                // Only an earlier deadline than the one the reactor sleeps towards needs a wake-up.
                wake = deadline < _sleepUntil;
                if (wake) _sleepUntil = long.MinValue;
            }
        }
        if (id == 0) return Finish(completion, state, TcpConnectStage.Connect, err, -1, start);
        if (wake) Wake();
        return id;

        long Fail(int sock, TcpConnectStage stage)
        {
            var e = LinuxError.LastErrno();
            NativeTcp.Close(sock);
            return Finish(completion, state, stage, e, -1, start);
        }

        long Connected(int sock)
        {
            if (keepSocket) return Finish(completion, state, TcpConnectStage.Connected, 0, sock, start);
            NativeTcp.Close(sock);
            return Finish(completion, state, TcpConnectStage.Connected, 0, -1, start);
        }
    }

    /// <summary>Abandons a connect still in flight: its socket is closed and its completion told Cancelled. False when it already ended.</summary>
    public bool Cancel(long id)
    {
        if (id == 0) return false;
        Slot s;
        lock (_lock)
        {
            if (!TryTake(id, out s)) return false;
        }
        NativeTcp.Close(s.Fd);
        Finish(s.Completion!, s.State, TcpConnectStage.Cancelled, 0, -1, s.Start);
        return true;
    }

    private void Loop()
    {
        var events = stackalloc byte[MaxEvents * NativeTcp.EventSize];
        var expired = new List<Slot>();
        while (!_disposed)
        {
            int timeout;
            lock (_lock)
            {
                timeout = NextTimeout(out _sleepUntil);
            }
            var n = NativeTcp.EpollWait(_epoll, events, MaxEvents, timeout);
            lock (_lock) _sleepUntil = long.MinValue; // awake: submitters need not wake us
            if (_disposed) break;
            for (var i = 0; i < n; i++)
            {
                var ev = events + i * NativeTcp.EventSize;
                var data = NativeTcp.ReadData(ev);
                if (data == WakeData)
                {
                    ulong drain;
                    NativeTcp.Read(_wake, &drain, sizeof(ulong));
                    continue;
                }
                Slot s;
                lock (_lock)
                {
                    if (!TryTake((long)data, out s)) continue; // timed out or cancelled meanwhile
                }
                Complete(s);
            }

            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                while (_deadlines.TryPeek(out var id, out var due) && due <= now)
                {
                    _deadlines.Dequeue();
                    if (TryTake(id, out var s)) expired.Add(s);
                }
            }
            foreach (var s in expired)
            {
                NativeTcp.Close(s.Fd);
                Finish(s.Completion!, s.State, TcpConnectStage.Timeout, 0, -1, s.Start);
            }
            expired.Clear();
        }
    }

    private void Complete(in Slot s)
    {
        int error = 0;
        uint len = sizeof(int);
        if (NativeTcp.GetSockOpt(s.Fd, NativeTcp.SOL_SOCKET, NativeTcp.SO_ERROR, &error, &len) < 0) error = LinuxError.LastErrno();
        if (error != 0)
        {
            NativeTcp.Close(s.Fd);
            Finish(s.Completion!, s.State, TcpConnectStage.Connect, error, -1, s.Start);
        }
        else if (s.Keep)
        {
            // The new owner (a .NET Socket) registers it with its own epoll.
            NativeTcp.EpollCtl(_epoll, NativeTcp.EPOLL_CTL_DEL, s.Fd, 0, 0);
            Finish(s.Completion!, s.State, TcpConnectStage.Connected, 0, s.Fd, s.Start);
        }
        else
        {
            NativeTcp.Close(s.Fd);
            Finish(s.Completion!, s.State, TcpConnectStage.Connected, 0, -1, s.Start);
        }
    }

    private long Finish(ITcpConnectCompletion completion, object? state, TcpConnectStage stage, int errno, int fd, long start)
    {
        Interlocked.Increment(ref _completed);
        var outcome = new TcpConnectOutcome(stage, errno, fd, Stopwatch.GetElapsedTime(start));
        try
        {
            completion.OnConnectCompleted(outcome, state);
        }
        catch
        {
            // A faulty completion must not kill the reactor thread; the descriptor is the completion's now.
        }
        return 0;
    }

    // Milliseconds to the earliest live deadline (rounded up), or -1; stale heap entries are dropped here.
    private int NextTimeout(out long until)
    {
        while (_deadlines.TryPeek(out var id, out var due))
        {
            var slot = (int)(uint)id;
            if (_slots[slot].Fd < 0 || _slots[slot].Generation != (int)(id >> 32))
            {
                _deadlines.Dequeue();
                continue;
            }
            until = due;
            var left = due - Stopwatch.GetTimestamp();
            if (left <= 0) return 0;
            return (int)Math.Min(int.MaxValue, (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
        }
        until = long.MaxValue;
        return -1;
    }

    private bool TryTake(long id, out Slot taken)
    {
        var slot = (int)(uint)id;
        if (slot < 0 || slot >= _slots.Length || _slots[slot].Fd < 0 || _slots[slot].Generation != (int)(id >> 32))
        {
            taken = default;
            return false;
        }
        taken = _slots[slot];
        Release(slot);
        return true;
    }

    private int Allocate()
    {
        if (_freeCount == 0)
        {
            var old = _slots.Length;
            Array.Resize(ref _slots, old * 2);
            Array.Resize(ref _free, old * 2);
            for (var i = old * 2 - 1; i >= old; i--)
            {
                _slots[i].Fd = -1;
                _free[_freeCount++] = i;
            }
        }
        _used++;
        return _free[--_freeCount];
    }

    private void Release(int slot)
    {
        ref var s = ref _slots[slot];
        s.Fd = -1;
        s.Completion = null;
        s.State = null;
        _free[_freeCount++] = slot;
        _used--;
    }

    private void Wake()
    {
        ulong one = 1;
        NativeTcp.Write(_wake, &one, sizeof(ulong));
    }

    /// <summary>Stops the thread; connects still in flight are closed and told Cancelled.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Wake();
        if (Thread.CurrentThread != _thread) _thread.Join();
        var left = new List<Slot>();
        lock (_lock)
        {
            for (var i = 0; i < _slots.Length; i++)
                if (_slots[i].Fd >= 0 && TryTake(((long)_slots[i].Generation << 32) | (uint)i, out var s)) left.Add(s);
        }
        foreach (var s in left)
        {
            NativeTcp.Close(s.Fd);
            Finish(s.Completion!, s.State, TcpConnectStage.Cancelled, 0, -1, s.Start);
        }
        NativeTcp.Close(_wake);
        NativeTcp.Close(_epoll);
    }

    private struct Slot
    {
        public int Fd;
        public int Generation;
        public bool Keep;
        public long Start;
        public ITcpConnectCompletion? Completion;
        public object? State;
    }
}
