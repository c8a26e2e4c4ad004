using System.Runtime.InteropServices;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// <see cref="IVrrpReactor"/> on ppoll(2): the VRRP sockets of one loop plus an eventfd that other threads write to
/// wake it. The deadline goes to ppoll as a timespec, so timers keep sub-millisecond precision without a timer thread.
/// </summary>
public sealed unsafe class LinuxVrrpReactor : IVrrpReactor
{
    private const short PollIn = 0x001;
    private const short PollErr = 0x008;
    private const int EfdNonBlock = 0x800;
    private const int EfdCloexec = 0x80000;
    private const long NanosecondsPerTick = 100;

    // Wake and Dispose take this lock so a late Wake can never write into a descriptor number reused after close.
    private readonly object _gate = new();
    private readonly List<LinuxVrrpChannel> _channels = [];
    private NativePoll.PollFd[] _fds;
    private int _eventFd;

    public LinuxVrrpReactor()
    {
        _eventFd = eventfd(0, EfdNonBlock | EfdCloexec);
        if (_eventFd < 0)
        {
            throw LinuxError.FromErrno(LinuxError.LastErrno(), "eventfd for the VRRP loop", "eventfd");
        }

        _fds = [new NativePoll.PollFd { Fd = _eventFd, Events = PollIn }];
    }

    /// <summary>Times <see cref="WaitAndDispatch"/> returned because of <see cref="Wake"/> (diagnostics).</summary>
    public long Wakeups { get; private set; }

    public void Wake()
    {
        lock (_gate)
        {
            if (_eventFd < 0)
            {
                return;
            }

            ulong one = 1;
            // EAGAIN means the counter is already non-zero: the loop is woken anyway.
            _ = write(_eventFd, &one, sizeof(ulong));
        }
    }

    public void WaitAndDispatch(TimeSpan? timeout)
    {
        int n = _fds.Length;
        int r;
        fixed (NativePoll.PollFd* fds = _fds)
        {
            if (timeout is { } t)
            {
                long ticks = Math.Max(0, t.Ticks);
                var ts = new Timespec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * NanosecondsPerTick };
                r = ppoll(fds, (ulong)n, &ts, null);
            }
            else
            {
                r = ppoll(fds, (ulong)n, null, null);
            }
        }

        if (r < 0)
        {
            int errno = LinuxError.LastErrno();
            if (errno == Errno.EINTR)
            {
                return;
            }

            throw LinuxError.FromErrno(errno, "ppoll in the VRRP loop", "ppoll");
        }

        if (r == 0)
        {
            return;
        }

        if (_fds[0].Revents != 0)
        {
            ulong count;
            _ = read(_fds[0].Fd, &count, sizeof(ulong));
            Wakeups++;
        }

        for (int i = 1; i < n; i++)
        {
            if ((_fds[i].Revents & (PollIn | PollErr)) != 0)
            {
                _channels[i - 1].Drain();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_eventFd >= 0)
            {
                _ = close(_eventFd);
                _eventFd = -1;
            }
        }
    }

    /// <summary>Adds a channel's socket to the poll set (at start, on the thread that opens the channels).</summary>
    internal void Register(LinuxVrrpChannel channel, int fd)
    {
        _channels.Add(channel);
        var fds = new NativePoll.PollFd[_fds.Length + 1];
        _fds.CopyTo(fds, 0);
        fds[^1] = new NativePoll.PollFd { Fd = fd, Events = PollIn };
        _fds = fds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int eventfd(uint initval, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int ppoll(NativePoll.PollFd* fds, ulong nfds, Timespec* timeout, void* sigmask);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, void* buf, nuint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, void* buf, nuint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
