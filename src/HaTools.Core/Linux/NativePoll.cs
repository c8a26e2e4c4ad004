using System.Runtime.InteropServices;

namespace HaTools.Core.Linux;

/// <summary>
/// poll(2) with errno captured. Tmds.LibC 0.5.0 imports poll and ppoll without SetLastError, so the errno read
/// after a failed Tmds poll is whatever an earlier call left (seen as 0 and as 203 while strace said EINTR/EINVAL).
/// </summary>
public static unsafe partial class NativePoll
{
    public const short PollIn = 0x001;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int poll_native(PollFd* fds, ulong nfds, int timeout);

    /// <summary>Raw poll; on -1 read <see cref="LinuxError.LastErrno"/> immediately.</summary>
    public static int Poll(PollFd* fds, ulong count, int timeoutMs) => poll_native(fds, count, timeoutMs);

    /// <summary>
    /// Waits until <paramref name="fd"/> is readable or <paramref name="timeoutMs"/> passes (-1: forever); retries
    /// on EINTR with the time left. Throws a mapped <see cref="HaToolsException"/> for any other failure.
    /// </summary>
    public static bool WaitReadable(int fd, int timeoutMs, string what)
    {
        var pfd = new PollFd { Fd = fd, Events = PollIn };
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        while (true)
        {
            int wait = timeoutMs < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
            int r = poll_native(&pfd, 1, wait);
            if (r >= 0)
            {
                return r > 0;
            }

            int errno = LinuxError.LastErrno();
            if (errno != Errno.EINTR)
            {
                throw LinuxError.FromErrno(errno, "poll " + what, what);
            }
        }
    }
}
