namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// A TimeProvider that allocates nothing while time moves (unlike FakeTimeProvider), so allocation tests measure
/// only the code under test. Timers fire at their exact due time during <see cref="Advance"/>.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    public override DateTimeOffset GetUtcNow() => _epoch.AddTicks(_now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new ManualTimer(this, callback, state);
        t.Change(dueTime, period);
        _timers.Add(t);
        return t;
    }

    public void Advance(TimeSpan delta)
    {
        long target = _now + delta.Ticks;
        while (true)
        {
            ManualTimer? next = null;
            for (int i = 0; i < _timers.Count; i++)
            {
                ManualTimer t = _timers[i];
                if (t.Due >= 0 && t.Due <= target && (next is null || t.Due < next.Due))
                {
                    next = t;
                }
            }

            if (next is null)
            {
                break;
            }

            _now = Math.Max(_now, next.Due);
            next.Due = -1;
            next.Fire();
        }

        _now = target;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; set; } = -1;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? -1 : clock._now + dueTime.Ticks;
            return true;
        }

        public void Dispose() => Due = -1;

        public ValueTask DisposeAsync()
        {
            Due = -1;
            return ValueTask.CompletedTask;
        }
    }
}
