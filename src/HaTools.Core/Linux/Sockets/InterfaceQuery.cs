using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Sockets;

/// <summary>
/// Interface index, MAC, flags and primary IPv4 address via the classic SIOCGIF* ioctls on a datagram socket
/// (needs no capability), and the IPv6 link-local address from /proc/thread-self/net/if_inet6 — both answer
/// for the namespace of the calling thread, which is what <see cref="Netns.NetworkNamespace.Run{T}"/> relies on.
/// </summary>
public static class InterfaceQuery
{
    private const int SIOCGIFFLAGS = 0x8913;
    private const int SIOCGIFADDR = 0x8915;
    private const int SIOCGIFHWADDR = 0x8927;
    private const int SIOCGIFINDEX = 0x8933;
    private const int IFF_UP = 0x1;
    private const int IFF_RUNNING = 0x40;
    private const int IfReqSize = 40;
    private const int IfNameSize = 16;

    /// <summary>Reads <paramref name="name"/>; ObjectNotFound (InterfaceNotFound) when it does not exist.</summary>
    public static unsafe InterfaceDetails Get(string name)
    {
        if (string.IsNullOrEmpty(name) || Encoding.ASCII.GetByteCount(name) >= IfNameSize)
        {
            throw new HaToolsException("InvalidInterfaceName", HaToolsErrorKind.InvalidArgument, $"'{name}' is not a valid interface name (1 to 15 characters).", name);
        }

        int fd = RawSocket.OpenDescriptor(AF_INET, SOCK_DGRAM, 0, "interface query socket");
        try
        {
            byte* req = stackalloc byte[IfReqSize];
            var span = new Span<byte>(req, IfReqSize);

            Prepare(span, name);
            if (ioctl(fd, SIOCGIFINDEX, req) < 0)
            {
                int errno = LinuxError.LastErrno();
                if (errno == Errno.ENODEV)
                {
                    throw new HaToolsException("InterfaceNotFound", HaToolsErrorKind.ObjectNotFound, $"Interface '{name}' does not exist in this network namespace (ENODEV).", name);
                }

                throw LinuxError.FromErrno(errno, "SIOCGIFINDEX " + name, name);
            }

            int index = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(IfNameSize));

            Prepare(span, name);
            LinuxError.Check(ioctl(fd, SIOCGIFHWADDR, req), "SIOCGIFHWADDR " + name, name);
            byte[] mac = span.Slice(IfNameSize + 2, 6).ToArray();

            Prepare(span, name);
            LinuxError.Check(ioctl(fd, SIOCGIFFLAGS, req), "SIOCGIFFLAGS " + name, name);
            int flags = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(IfNameSize));

            IPAddress? v4 = null;
            Prepare(span, name);
            if (ioctl(fd, SIOCGIFADDR, req) == 0)
            {
                v4 = new IPAddress(span.Slice(IfNameSize + 4, 4));
            }

            return new InterfaceDetails(name, index, mac, v4, ReadLinkLocal(name), (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0);
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>The first link-local IPv6 address on <paramref name="name"/>, or null.</summary>
    public static IPAddress? ReadLinkLocal(string name)
    {
        string path = "/proc/thread-self/net/if_inet6";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 6 && parts[5] == name && parts[0].StartsWith("fe80", StringComparison.OrdinalIgnoreCase))
            {
                return new IPAddress(Convert.FromHexString(parts[0]));
            }
        }

        return null;
    }

    private static void Prepare(Span<byte> req, string name)
    {
        req.Clear();
        Encoding.ASCII.GetBytes(name, req);
    }
}
