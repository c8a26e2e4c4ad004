namespace HaTools.Core.Linux.Netlink;

/// <summary>Names and short descriptions of the errno values netlink acks carry (asm-generic/errno*.h numbers).</summary>
public static class ErrnoNames
{
    public const int ENXIO = 6;
    public const int E2BIG = 7;
    public const int ERANGE = 34;
    public const int EPROTO = 71;
    public const int EMSGSIZE = 90;

    /// <summary>The symbolic name (EPERM, ENODEV, ...), or "E" and the number for one this table does not know.</summary>
    public static string Name(int errno) => Symbol(errno) ?? "E" + errno.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The symbolic name, or null when this table does not know the number. The one errno-name table of the project.</summary>
    public static string? Symbol(int errno) => errno switch
    {
        Errno.EPERM => "EPERM",
        Errno.ENOENT => "ENOENT",
        Errno.ESRCH => "ESRCH",
        Errno.EINTR => "EINTR",
        Errno.EIO => "EIO",
        ENXIO => "ENXIO",
        E2BIG => "E2BIG",
        Errno.EBADF => "EBADF",
        Errno.EAGAIN => "EAGAIN",
        Errno.ENOMEM => "ENOMEM",
        Errno.EACCES => "EACCES",
        Errno.EBUSY => "EBUSY",
        Errno.EEXIST => "EEXIST",
        Errno.ENODEV => "ENODEV",
        Errno.EINVAL => "EINVAL",
        ERANGE => "ERANGE",
        EPROTO => "EPROTO",
        EMSGSIZE => "EMSGSIZE",
        Errno.ENOPROTOOPT => "ENOPROTOOPT",
        Errno.EPROTONOSUPPORT => "EPROTONOSUPPORT",
        Errno.EOPNOTSUPP => "EOPNOTSUPP",
        Errno.EAFNOSUPPORT => "EAFNOSUPPORT",
        Errno.EADDRINUSE => "EADDRINUSE",
        Errno.EADDRNOTAVAIL => "EADDRNOTAVAIL",
        Errno.ENETDOWN => "ENETDOWN",
        Errno.ENETUNREACH => "ENETUNREACH",
        Errno.ECONNRESET => "ECONNRESET",
        Errno.ENOBUFS => "ENOBUFS",
        Errno.ETIMEDOUT => "ETIMEDOUT",
        Errno.ECONNREFUSED => "ECONNREFUSED",
        Errno.EHOSTUNREACH => "EHOSTUNREACH",
        _ => null,
    };

    public static string Describe(int errno) => errno switch
    {
        Errno.EPERM => "operation not permitted",
        Errno.ENOENT => "no such file or directory",
        Errno.ESRCH => "no such process",
        Errno.EINTR => "interrupted system call",
        Errno.ENOMEM => "out of memory",
        Errno.EACCES => "permission denied",
        Errno.EBUSY => "device or resource busy",
        Errno.EEXIST => "file exists",
        Errno.ENODEV => "no such device",
        Errno.EINVAL => "invalid argument",
        ERANGE => "result out of range",
        EMSGSIZE => "message too long",
        Errno.EPROTONOSUPPORT => "protocol not supported",
        Errno.EOPNOTSUPP => "operation not supported",
        Errno.EAFNOSUPPORT => "address family not supported by protocol",
        Errno.EADDRNOTAVAIL => "cannot assign requested address",
        Errno.ENOBUFS => "no buffer space available",
        Errno.ETIMEDOUT => "timed out",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The error kind a bare errno means when the caller knows nothing more specific.</summary>
    public static HaToolsErrorKind Kind(int errno) => errno switch
    {
        Errno.EPERM or Errno.EACCES => HaToolsErrorKind.PermissionDenied,
        Errno.EEXIST or Errno.EADDRINUSE => HaToolsErrorKind.ResourceExists,
        Errno.ENOENT or Errno.ESRCH or Errno.ENODEV or ENXIO => HaToolsErrorKind.ObjectNotFound,
        Errno.EINVAL or ERANGE or E2BIG or EMSGSIZE => HaToolsErrorKind.InvalidArgument,
        Errno.EOPNOTSUPP or Errno.EPROTONOSUPPORT or Errno.EAFNOSUPPORT or Errno.ENOPROTOOPT => HaToolsErrorKind.NotSupported,
        Errno.EBUSY or Errno.EAGAIN or Errno.ENOBUFS or Errno.ENOMEM => HaToolsErrorKind.ResourceUnavailable,
        Errno.ETIMEDOUT => HaToolsErrorKind.OperationTimeout,
        _ => HaToolsErrorKind.ProtocolError,
    };
}
