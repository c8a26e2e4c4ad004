using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// The real AF_NETLINK socket. Asks for capped and extended acks (so errors carry the kernel's
/// text and not our whole request) and a large receive buffer (so pipelined acks are not dropped).
/// </summary>
public sealed unsafe class NetlinkSocket : INetlinkSocket
{
    private const int SolNetlink = 270;
    private const int NetlinkAddMembership = 1;
    private const int NetlinkCapAck = 10;
    private const int NetlinkExtAck = 11;
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;

    // The kernel never builds a netlink datagram above 32 KiB for recv buffers at least that big.
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];
    private int _fd;

    private NetlinkSocket(int fd, uint portId)
    {
        _fd = fd;
        PortId = portId;
    }

    public uint PortId { get; }

    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    /// <summary>Opens and binds a socket for <paramref name="protocol"/> (see <see cref="NetlinkProtocol"/>) in the calling thread's network namespace.</summary>
    public static NetlinkSocket Open(int protocol)
    {
        var fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0)
            throw new NetlinkException(errno, $"socket(AF_NETLINK, {protocol})");
        try
        {
            SetInt(fd, SolNetlink, NetlinkCapAck, 1);
            SetInt(fd, SolNetlink, NetlinkExtAck, 1);
            // SO_RCVBUFFORCE passes rmem_max for root; plain SO_RCVBUF is the unprivileged fallback.
            if (!SetInt(fd, SOL_SOCKET, SO_RCVBUFFORCE, ReceiveBufferBytes))
                SetInt(fd, SOL_SOCKET, SO_RCVBUF, ReceiveBufferBytes);
            SetInt(fd, SOL_SOCKET, SO_SNDBUF, 1024 * 1024);

            var addr = new SockaddrNl { Family = (ushort)AF_NETLINK };
            if (bind(fd, (sockaddr*)&addr, sizeof(SockaddrNl)) < 0)
                throw new NetlinkException(errno, "bind(AF_NETLINK)");
            socklen_t len = sizeof(SockaddrNl);
            if (getsockname(fd, (sockaddr*)&addr, &len) < 0)
                throw new NetlinkException(errno, "getsockname(AF_NETLINK)");
            return new NetlinkSocket(fd, addr.Pid);
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var kernel = new SockaddrNl { Family = (ushort)AF_NETLINK };
        fixed (byte* p = datagram)
        {
            while (true)
            {
                var n = sendto(_fd, p, datagram.Length, 0, (sockaddr*)&kernel, sizeof(SockaddrNl));
                if (n >= 0)
                    return;
                var e = errno;
                if (e != Errno.EINTR)
                    throw new NetlinkException(e, "send to netlink");
            }
        }
    }

    public byte[] Receive(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            // NativePoll, not Tmds.LibC's poll: Tmds imports poll without SetLastError, so its errno is stale.
            var pfd = new NativePoll.PollFd { Fd = _fd, Events = NativePoll.PollIn };
            var wait = (int)Math.Max(0, deadline - Environment.TickCount64);
            var ready = NativePoll.Poll(&pfd, 1, wait);
            if (ready < 0)
            {
                var pe = LinuxError.LastErrno();
                if (pe == Errno.EINTR)
                    continue;
                throw new NetlinkException(pe, "poll on netlink");
            }
            if (ready == 0)
                throw new HaToolsException("NetlinkTimeout", HaToolsErrorKind.OperationTimeout,
                    $"The kernel did not answer on netlink within {timeout.TotalSeconds:0.#} s.");
            fixed (byte* p = _receiveBuffer)
            {
                var n = (long)recv(_fd, p, _receiveBuffer.Length, MSG_TRUNC);
                if (n < 0)
                {
                    var e = errno;
                    if (e == Errno.EINTR || e == Errno.EAGAIN)
                        continue;
                    throw new NetlinkException(e, "receive from netlink");
                }
                if (n > _receiveBuffer.Length)
                    throw new HaToolsException("NetlinkTruncated", HaToolsErrorKind.ProtocolError,
                        $"A netlink datagram of {n} bytes did not fit the {_receiveBuffer.Length}-byte buffer.");
                return _receiveBuffer.AsSpan(0, (int)n).ToArray();
            }
        }
    }

    public void JoinGroup(uint group)
    {
        if (!SetInt(_fd, SolNetlink, NetlinkAddMembership, (int)group))
            throw new NetlinkException(errno, $"join netlink group {group}");
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            close(_fd);
            _fd = -1;
        }
    }

    private static bool SetInt(int fd, int level, int option, int value) =>
        setsockopt(fd, level, option, &value, sizeof(int)) == 0;
}
