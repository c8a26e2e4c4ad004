namespace HaTools.Core.Checks;

/// <summary>
/// A hashed timer wheel driven by one periodic timer from an injected <see cref="TimeProvider"/>: O(1)
/// schedule, one wake-up per tick however many checks are due, no thread per timer. Callbacks run on
/// the timer's thread and must be short (checks only start their async work there).
/// </summary>
public sealed class TimerWheel : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _tickTicks;
    private readonly List<Entry>[] _slots;
    private readonly object _lock = new();
    private readonly long _start;
    private readonly ITimer _timer;
    private long _currentTick;
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
        _timer = time.CreateTimer(static s => ((TimerWheel)s!).OnTick(), this, Tick, Tick);
    }

    public TimeSpan Tick { get; }

    /// <summary>Entries waiting to fire.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _slots.Sum(s => s.Count);
        }
    }

    /// <summary>Runs <paramref name="callback"/> once, no earlier than <paramref name="delay"/> from now (rounded up to a tick).</summary>
    public void Schedule(TimeSpan delay, Action<object?> callback, object? state = null)
    {
        lock (_lock)
        {
            if (_disposed) return;
            var now = NowTick();
            var due = Math.Max(now + 1, now + (delay.Ticks + _tickTicks - 1) / _tickTicks);
            if (due <= _currentTick) due = _currentTick + 1;
            _slots[due % _slots.Length].Add(new Entry(due, callback, state));
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
        }
        _timer.Dispose();
    }

    private readonly record struct Entry(long Due, Action<object?> Callback, object? State);
}
