namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// The count of matching processes of one vrrp_track_process and whether it has quorum, driven by process events
/// as keepalived 2.2 applies them (track_process.c): an exec/rename re-checks one pid; a fork of a counted process
/// counts the child; an exit uncounts. A gain through a fork waits ForkDelay, a loss through an exit waits
/// TerminateDelay; the opposite change inside the delay cancels it, so a reload does not flap the instance.
/// Pure: time is a parameter; <see cref="Deadline"/> says when to call <see cref="TimerFired"/>.
/// </summary>
public sealed class ProcessQuorum
{
    private readonly HashSet<int> _pids = [];
    private bool _forkTimer;

    public ProcessQuorum(TrackProcessDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
    }

    public TrackProcessDefinition Definition { get; }

    public int Count => _pids.Count;

    public bool HasQuorum { get; private set; }

    /// <summary>A pending fork/terminate delay, or null.</summary>
    public TimeSpan? Deadline { get; private set; }

    public bool Counts(int pid) => _pids.Contains(pid);

    /// <summary>The start-up scan: no delays, the state is what runs now.</summary>
    public void Initialize(IEnumerable<ProcessSnapshot> running)
    {
        _pids.Clear();
        foreach (ProcessSnapshot p in running)
        {
            if (Definition.Matches(p))
            {
                _pids.Add(p.Pid);
            }
        }

        Deadline = null;
        HasQuorum = Definition.HasQuorum(Count);
    }

    /// <summary>An exec or a name change of <paramref name="process"/>: does it count now? Null snapshot = already gone.</summary>
    public bool? Exec(int pid, ProcessSnapshot? process, TimeSpan now)
    {
        bool matches = process is not null && Definition.Matches(process);
        bool counted = _pids.Contains(pid);
        if (matches && !counted)
        {
            _pids.Add(pid);
            if (Count == Definition.EffectiveQuorum || Count == Definition.QuorumMax + 1L)
            {
                CancelTimer(fork: false);
                return Update(Count == Definition.EffectiveQuorum);
            }
        }
        else if (!matches && counted)
        {
            // keepalived: a process that stops matching is dropped at once, without the terminate delay.
            return Remove(pid, now, useTerminateDelay: false);
        }

        return null;
    }

    /// <summary>A process forked; the child counts when its parent does.</summary>
    public bool? Fork(int parentPid, int childPid, TimeSpan now)
    {
        if (!_pids.Contains(parentPid) || !_pids.Add(childPid))
        {
            return null;
        }

        if (Count != Definition.EffectiveQuorum && Count != Definition.QuorumMax + 1L)
        {
            return null;
        }

        if (Deadline is not null && !_forkTimer)
        {
            // A restart within terminate_delay: the loss never happened.
            Deadline = null;
        }
        else if (Definition.ForkDelay > TimeSpan.Zero)
        {
            Deadline = now + Definition.ForkDelay;
            _forkTimer = true;
            return null;
        }

        return Update(Count == Definition.EffectiveQuorum);
    }

    /// <summary>A process exited.</summary>
    public bool? Exit(int pid, TimeSpan now) => _pids.Contains(pid) ? Remove(pid, now, useTerminateDelay: true) : null;

    /// <summary>The pending delay ran out: the quorum is what the count says now.</summary>
    public bool? TimerFired(TimeSpan now)
    {
        if (Deadline is not { } due || due > now)
        {
            return null;
        }

        Deadline = null;
        return Update(Definition.HasQuorum(Count));
    }

    /// <summary>
    /// Polling fallback (no process events): the new full picture. A loss still waits TerminateDelay; a gain is
    /// taken at once, since polling cannot tell a fork from a fresh start.
    /// </summary>
    public bool? Rescan(IEnumerable<ProcessSnapshot> running, TimeSpan now)
    {
        _pids.Clear();
        foreach (ProcessSnapshot p in running)
        {
            if (Definition.Matches(p))
            {
                _pids.Add(p.Pid);
            }
        }

        bool want = Definition.HasQuorum(Count);
        if (want == HasQuorum)
        {
            Deadline = null;
            return null;
        }

        if (!want && Definition.TerminateDelay > TimeSpan.Zero)
        {
            if (Deadline is null)
            {
                Deadline = now + Definition.TerminateDelay;
                _forkTimer = false;
            }

            return TimerFired(now);
        }

        Deadline = null;
        return Update(want);
    }

    private bool? Remove(int pid, TimeSpan now, bool useTerminateDelay)
    {
        int before = Count;
        _pids.Remove(pid);
        if (before != Definition.EffectiveQuorum && Count != Definition.QuorumMax)
        {
            return null;
        }

        if (Deadline is not null && _forkTimer)
        {
            // The fork that would have gained quorum is undone before its delay ran out.
            Deadline = null;
        }
        else if (useTerminateDelay && Definition.TerminateDelay > TimeSpan.Zero)
        {
            Deadline = now + Definition.TerminateDelay;
            _forkTimer = false;
            return null;
        }

        return Update(Count == Definition.QuorumMax);
    }

    private void CancelTimer(bool fork)
    {
        if (Deadline is not null && _forkTimer == fork)
        {
            Deadline = null;
        }
    }

    private bool? Update(bool up)
    {
        if (up == HasQuorum)
        {
            return null;
        }

        HasQuorum = up;
        return up;
    }
}
