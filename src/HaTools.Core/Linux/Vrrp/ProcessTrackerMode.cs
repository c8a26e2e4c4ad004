namespace HaTools.Core.Linux.Vrrp;

/// <summary>Where a <see cref="ProcessTracker"/> learns about processes.</summary>
public enum ProcessTrackerMode
{
    /// <summary>Process events from the kernel's proc connector, else (not root, not the initial network namespace, no CONFIG_PROC_EVENTS) /proc polling.</summary>
    Auto,
    /// <summary>Only periodic /proc scans.</summary>
    Poll,
}
