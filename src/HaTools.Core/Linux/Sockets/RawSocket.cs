using System.Buffers.Binary;
using System.Text;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Sockets;

/// <summary>
/// One owned socket file descriptor with the few calls VRRP needs: options, poll with a timeout,
/// close once. Every failing call becomes a <see cref="HaToolsException"/> through <see cref="LinuxError"/>.
/// </summary>
public class RawSocket : IDisposable
{
    private int _fd;

    protected RawSocket(int fd, string description)
    {
        _fd = fd;
        Description = description;
    }

    /// <summary>The descriptor, for callers that poll several sockets together.</summary>
    public int Handle => _fd >= 0 ? _fd : throw new ObjectDisposedException(Description);

    /// <summary>What this socket is for, used in error messages.</summary>
    public string Description { get; }

    /// <summary>Opens a socket; EPERM/EACCES become PermissionDenied naming the capability that is missing.</summary>
    public static int OpenDescriptor(int domain, int type, int protocol, string description, params LinuxCapability[] needs)
    {
        int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            int errno = LinuxError.LastErrno();
            if (errno is Errno.EPERM or Errno.EACCES && needs.Length > 0)
            {
                var mask = Capabilities.ReadEffective();
                var missing = mask is null ? needs : Capabilities.Missing(mask.Value, needs);
                throw Capabilities.MissingError("Opening " + description, missing.Count > 0 ? missing : needs);
            }

            throw LinuxError.FromErrno(errno, "Opening " + description, description);
        }

        return fd;
    }

    public unsafe void SetOption(int level, int name, int value, string what)
    {
        LinuxError.Check(setsockopt(Handle, level, name, &value, sizeof(int)), $"setsockopt {what} on {Description}", Description);
    }

    public unsafe void SetOption(int level, int name, ReadOnlySpan<byte> value, string what)
    {
        fixed (byte* p = value)
        {
            LinuxError.Check(setsockopt(Handle, level, name, p, (uint)value.Length), $"setsockopt {what} on {Description}", Description);
        }
    }

    /// <summary>Binds the socket to one interface so it only hears that link.</summary>
    public void BindToDevice(string interfaceName)
    {
        var name = new byte[Encoding.ASCII.GetByteCount(interfaceName) + 1];
        Encoding.ASCII.GetBytes(interfaceName, name);
        SetOption(SOL_SOCKET, SO_BINDTODEVICE, name, "SO_BINDTODEVICE " + interfaceName);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1 forever) for data; false on timeout.</summary>
    public bool WaitReadable(int timeoutMs) => NativePoll.WaitReadable(Handle, timeoutMs, Description);

    /// <summary>Sends <paramref name="payload"/> to the sockaddr in <paramref name="address"/>.</summary>
    protected unsafe int SendTo(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> address)
    {
        fixed (byte* p = payload)
        fixed (byte* a = address)
        {
            long r = sendto(Handle, p, (Tmds.Linux.size_t)payload.Length, MSG_NOSIGNAL, (Tmds.Linux.sockaddr*)a, (uint)address.Length);
            return (int)LinuxError.Check(r, "Sending on " + Description, Description);
        }
    }

    /// <summary>Closes the descriptor once.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            close(fd);
        }

        GC.SuppressFinalize(this);
    }

    ~RawSocket()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            close(fd);
        }
    }

    internal static ushort ReadU16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt16BigEndian(b);
}
