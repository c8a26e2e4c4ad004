namespace HaTools.Core.Linux.Vrrp;

/// <summary>What a proc connector event says happened (uapi linux/cn_proc.h, process-level events only).</summary>
public enum ProcEventKind
{
    /// <summary>PROC_EVENT_NONE: the kernel's answer to a listen request; <see cref="ProcEvent.Error"/> is its errno.</summary>
    Ack,
    Fork,
    Exec,
    /// <summary>PROC_EVENT_COMM: the process renamed itself (prctl PR_SET_NAME).</summary>
    Comm,
    Exit,
}

/// <summary>One process event; <see cref="ParentPid"/> is set for forks.</summary>
public readonly record struct ProcEvent(ProcEventKind Kind, int Pid, int ParentPid = 0, int Error = 0);
