namespace HaTools.Core.Checks;

/// <summary>
/// A hashed timer wheel driven by one periodic timer from an injected <see cref="TimeProvider"/>: O(1)
/// schedule, one wake-up per tick however many checks are due, no thread per timer. Callbacks run on
/// the timer's thread and must be short (checks only start their async work there). On the system clock
/// the ticks come from one dedicated thread that sleeps while nothing is scheduled: a thread-pool timer
/// wakes a pool worker per tick, and the pool's spin-before-sleep cost more CPU than the checks themselves.
/// </summary>
public sealed class TimerWheel : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _tickTicks;
    private readonly List<Entry>[] _slots;
    private readonly object _lock = new();
    private readonly long _start;
    private readonly ITimer? _timer;
    private readonly Thread? _thread;
    private long _currentTick;
    private int _pending;
    private List<Entry>? _spare;
    private bool _disposed;

    public TimerWheel(TimeProvider time, TimeSpan? tick = null, int slots = 512)
    {
        _time = time;
        Tick = tick ?? TimeSpan.FromMilliseconds(10);
        _tickTicks = Tick.Ticks;
        _slots = new List<Entry>[slots];
        for (var i = 0; i < slots; i++) _slots[i] = new List<Entry>();
        _start = time.GetTimestamp();
        if (time == TimeProvider.System)
        {
            _thread = new Thread(TickLoop) { IsBackground = true, Name = "hatools-wheel" };
            _thread.Start();
        }
        else
        {
            _timer = time.CreateTimer(static s => ((TimerWheel)s!).OnTick(), this, Tick, Tick);
        }
    }

    private void TickLoop()
    {
        while (true)
        {
            lock (_lock)
            {
                // Idle: sleep until something is scheduled (Schedule pulses).
                while (_pending == 0 && !_disposed) Monitor.Wait(_lock);
                if (_disposed) return;
            }
            var elapsed = _time.GetElapsedTime(_start).Ticks;
            var toNext = _tickTicks - elapsed % _tickTicks;
            // Round up to whole ms: Sleep(0) would yield in a busy loop until the boundary.
            Thread.Sleep((int)Math.Max(1, (toNext + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond));
            OnTick();
        }
    }

    public TimeSpan Tick { get; }

    /// <summary>Entries waiting to fire.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _pending;
        }
    }

    /// <summary>Runs <paramref name="callback"/> once, no earlier than <paramref name="delay"/> from now (rounded up to a tick).</summary>
    public void Schedule(TimeSpan delay, Action<object?> callback, object? state = null)
    {
        lock (_lock)
        {
            if (_disposed) return;
            var now = NowTick();
            // Nothing pending: the ticks slept through hold nothing, so the wheel need not walk them later.
            if (_pending == 0 && _currentTick < now) _currentTick = now;
            var due = Math.Max(now + 1, now + (delay.Ticks + _tickTicks - 1) / _tickTicks);
            if (due <= _currentTick) due = _currentTick + 1;
            _slots[due % _slots.Length].Add(new Entry(due, callback, state));
            if (_pending++ == 0 && _thread != null) Monitor.Pulse(_lock);
        }
    }

    private long NowTick() => _time.GetElapsedTime(_start).Ticks / _tickTicks;

    private void OnTick()
    {
        List<Entry>? fire = null;
        lock (_lock)
        {
            // Reuse one list for due entries (ticks do not overlap in steady state; if they do, the other gets a new one).
            if (_disposed) return;
            var now = NowTick();
            while (_currentTick < now)
            {
                _currentTick++;
                var slot = _slots[_currentTick % _slots.Length];
                for (var i = slot.Count - 1; i >= 0; i--)
                {
                    if (slot[i].Due > _currentTick) continue;
                    if (fire == null)
                    {
                        fire = _spare ?? new List<Entry>();
                        _spare = null;
                    }
                    fire.Add(slot[i]);
                    slot.RemoveAt(i);
                    _pending--;
                }
            }
        }
        if (fire == null) return;
        fire.Sort(static (a, b) => a.Due.CompareTo(b.Due));
        try
        {
            foreach (var e in fire) e.Callback(e.State);
        }
        finally
        {
            fire.Clear();
            lock (_lock) _spare = fire;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var s in _slots) s.Clear();
            _pending = 0;
            Monitor.PulseAll(_lock);
        }
        _timer?.Dispose();
    }

    private readonly record struct Entry(long Due, Action<object?> Callback, object? State);
}
