namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// One running process as a process tracker sees it: its comm (/proc/PID/comm, at most 15 bytes) and, when some
/// definition needs it, its argv (/proc/PID/cmdline). Zombies are never snapshots: they are not running.
/// </summary>
public sealed record ProcessSnapshot(int Pid, string Comm, IReadOnlyList<string>? CommandLine = null);
