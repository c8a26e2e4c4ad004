using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>One simulated host: an inline event loop wired to fakes, on a shared FakeTimeProvider and FakeLan.</summary>
public sealed class FakeNode : IDisposable
{
    public FakeNode(FakeLan? lan, TimeProvider time, VrrpIpAddress[] addresses, VrrpInstanceSettings[] instances, VrrpSyncGroupSettings[]? groups = null)
    {
        Time = time;
        Transport = new FakeTransport(lan, addresses) { Clock = time };
        Announcer = new FakeAnnouncer(time);
        Loop = new VrrpEventLoop(
            new VrrpEventLoopOptions
            {
                Instances = instances,
                SyncGroups = groups ?? [],
                Transport = Transport,
                VipManager = Vips,
                Announcer = Announcer,
                NotifyRunner = Notify,
                Trackers = [Tracker],
                TimeProvider = time,
            },
            inline: true);
        Loop.TransitionOccurred += t => Transitions.Add(t);
        Loop.LogWritten += l => Logs.Add(l.Message);
    }

    public FakeNode(FakeLan? lan, TimeProvider time, string address, params VrrpInstanceSettings[] instances)
        : this(lan, time, [VrrpIpAddress.Parse(address)], instances)
    {
    }

    public TimeProvider Time { get; }

    public FakeTransport Transport { get; }

    public FakeVipManager Vips { get; } = new();

    public FakeAnnouncer Announcer { get; }

    public FakeNotifyRunner Notify { get; } = new();

    public FakeTracker Tracker { get; } = new();

    public VrrpEventLoop Loop { get; }

    public List<VrrpTransition> Transitions { get; } = [];

    public List<string> Logs { get; } = [];

    public FakeNode Start()
    {
        Loop.Start();
        return this;
    }

    public VrrpState State(string instance = "VI_1") => Loop.GetMachine(instance).State;

    public VrrpStateMachine Machine(string instance = "VI_1") => Loop.GetMachine(instance);

    public VrrpInstanceStatus Status(string instance = "VI_1") => Loop.GetStatus(instance)!;

    /// <summary>Kill -9: the node vanishes from the LAN without a word.</summary>
    public void Kill()
    {
        foreach (FakeChannel c in Transport.Channels)
        {
            c.Cut = true;
        }
    }

    public void Dispose() => Loop.Dispose();
}

/// <summary>Steps a FakeTimeProvider exactly from one protocol deadline to the next, so timers fire at their due time.</summary>
public static class FakeClock
{
    public static void Run(FakeTimeProvider time, TimeSpan duration, params FakeNode[] nodes)
    {
        DateTimeOffset end = time.GetUtcNow() + duration;
        while (true)
        {
            TimeSpan? step = null;
            foreach (FakeNode n in nodes)
            {
                if (n.Loop.IsRunning && n.Loop.NextDeadline is { } due)
                {
                    TimeSpan d = due - n.Loop.Now();
                    if (step is null || d < step)
                    {
                        step = d;
                    }
                }
            }

            DateTimeOffset now = time.GetUtcNow();
            if (step is null || now + step.Value > end)
            {
                time.Advance(end - now);
                return;
            }

            time.Advance(step.Value < TimeSpan.Zero ? TimeSpan.Zero : step.Value);
            if (step.Value <= TimeSpan.Zero)
            {
                // A deadline already due: pump directly (a zero advance does not re-fire an unchanged timer).
                foreach (FakeNode n in nodes)
                {
                    n.Loop.Pump();
                }
            }
        }
    }
}
