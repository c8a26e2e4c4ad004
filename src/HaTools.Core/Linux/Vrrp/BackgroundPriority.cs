using System.Runtime.InteropServices;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// Lowers the calling thread to nice 19, so background work (the JIT warm-up) only uses CPU the VRRP loop and the
/// signal handler thread do not want. Linux nice values are per thread (setpriority on the thread id).
/// </summary>
public static class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Lowest = 19;
    private const long SysGettid = 186; // x86_64

    /// <summary>True when the thread now runs at nice 19; false where that is not possible (not Linux x64, denied).</summary>
    public static bool TryLowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        try
        {
            int tid = (int)syscall(SysGettid);
            return tid > 0 && setpriority(PrioProcess, (uint)tid, Lowest) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The nice value of the calling thread (for tests), or null when it cannot be read.</summary>
    public static int? CurrentThreadNice()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        int tid = (int)syscall(SysGettid);
        Marshal.SetLastPInvokeError(0);
        int nice = getpriority(PrioProcess, (uint)tid);
        return nice == -1 && LinuxError.LastErrno() != 0 ? null : nice;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number);

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, uint who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern int getpriority(int which, uint who);
}
