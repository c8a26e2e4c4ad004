using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux;

/// <summary>Sends a signal to a process directly (no `kill` child), so the lab can time a kill to the microsecond.</summary>
public static class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is already gone (ESRCH).</summary>
    public static bool Send(int pid, int signal)
    {
        if (kill(pid, signal) == 0)
        {
            return true;
        }

        int errno = LinuxError.LastErrno();
        if (errno == Errno.ESRCH)
        {
            return false;
        }

        throw LinuxError.FromErrno(errno, $"kill({pid}, {signal})", pid);
    }
}
