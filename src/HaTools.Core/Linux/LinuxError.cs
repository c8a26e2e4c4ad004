using System.Runtime.InteropServices;

namespace HaTools.Core.Linux;

/// <summary>
/// Turns a failed syscall into a <see cref="HaToolsException"/>. errno is read once, right after the
/// call, from the runtime's saved copy (Tmds.LibC imports with SetLastError), never from a later call.
/// </summary>
public static class LinuxError
{
    /// <summary>The errno saved by the runtime for the last P/Invoke on this thread. Call it first thing after the failing call.</summary>
    public static int LastErrno() => Marshal.GetLastPInvokeError();

    /// <summary>Throws when <paramref name="result"/> is negative; returns it otherwise.</summary>
    public static int Check(int result, string operation, object? target = null)
    {
        if (result < 0)
        {
            throw FromErrno(LastErrno(), operation, target);
        }

        return result;
    }

    /// <summary>Throws when <paramref name="result"/> is negative; returns it otherwise.</summary>
    public static long Check(long result, string operation, object? target = null)
    {
        if (result < 0)
        {
            throw FromErrno(LastErrno(), operation, target);
        }

        return result;
    }

    /// <summary>Builds the exception for <paramref name="errno"/>: a stable ErrorId per errno family and the kind the PowerShell layer maps to a category.</summary>
    public static HaToolsException FromErrno(int errno, string operation, object? target = null)
    {
        var (id, kind) = Classify(errno);
        string detail = errno switch
        {
            Errno.EPERM or Errno.EACCES => $" ({Capabilities.DescribeMissingNetworkCapabilities()})",
            _ => string.Empty,
        };
        return new HaToolsException(id, kind, $"{operation} failed: {Name(errno)} (errno {errno}){detail}.", target);
    }

    /// <summary>The stable ErrorId and kind for an errno value.</summary>
    public static (string ErrorId, HaToolsErrorKind Kind) Classify(int errno) => errno switch
    {
        Errno.EPERM or Errno.EACCES => ("PermissionDenied", HaToolsErrorKind.PermissionDenied),
        Errno.ENOENT or Errno.ENODEV or Errno.ESRCH => ("ObjectNotFound", HaToolsErrorKind.ObjectNotFound),
        Errno.EEXIST or Errno.EADDRINUSE => ("ResourceExists", HaToolsErrorKind.ResourceExists),
        Errno.EINVAL or Errno.ENOPROTOOPT or Errno.EBADF => ("InvalidArgument", HaToolsErrorKind.InvalidArgument),
        Errno.EPROTONOSUPPORT or Errno.EAFNOSUPPORT or Errno.EOPNOTSUPP => ("NotSupported", HaToolsErrorKind.NotSupported),
        Errno.EADDRNOTAVAIL => ("AddressNotAvailable", HaToolsErrorKind.ResourceUnavailable),
        Errno.ENETDOWN or Errno.ENETUNREACH or Errno.EHOSTUNREACH => ("NetworkUnreachable", HaToolsErrorKind.ConnectionError),
        Errno.ENOMEM or Errno.ENOBUFS or Errno.EAGAIN or Errno.EBUSY => ("ResourceUnavailable", HaToolsErrorKind.ResourceUnavailable),
        Errno.ETIMEDOUT => ("OperationTimeout", HaToolsErrorKind.OperationTimeout),
        _ => ("SystemCallFailed", HaToolsErrorKind.InvalidOperation),
    };

    /// <summary>The symbolic name of an errno (EPERM, ENODEV, ...), or its number.</summary>
    public static string Name(int errno) =>
        Netlink.ErrnoNames.Symbol(errno) ?? errno.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
