namespace HaTools.Core.Checks;

/// <summary>A checker registered with a <see cref="CheckScheduler"/>: its I/O, its timing and its state.</summary>
public sealed class ScheduledCheck
{
    internal ScheduledCheck(IHealthCheck check, CheckerTiming timing, object? owner)
    {
        Check = check;
        Timing = timing;
        Owner = owner;
        Machine = check is IStatefulHealthCheck s ? s.CreateStateMachine(timing) : new CheckerStateMachine(timing);
    }

    public IHealthCheck Check { get; }

    public CheckerTiming Timing { get; }

    /// <summary>Whatever the caller attached (the real server this checker belongs to).</summary>
    public object? Owner { get; }

    public string Target => Check.Target;

    public CheckerState State => Machine.State;

    public string? LastReason => Machine.LastReason;

    public int Attempts { get; internal set; }

    public DateTimeOffset? LastAttempt { get; internal set; }

    /// <summary>How long the last attempt took (for TCP_CHECK: socket to connected or failed).</summary>
    public TimeSpan LastDuration { get; internal set; }

    internal CheckerStateMachine Machine { get; }

    internal volatile bool Removed;

    /// <summary>Cancels attempts that run as Tasks (created on the first one); Remove cancels it.</summary>
    internal CancellationTokenSource? Cancellation;

    internal CheckScheduler? Scheduler;
}
