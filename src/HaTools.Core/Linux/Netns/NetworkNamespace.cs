using System.Runtime.ExceptionServices;
using static Tmds.Linux.LibC;

namespace HaTools.Core.Linux.Netns;

/// <summary>
/// Runs code inside a named network namespace (as created by `ip netns add`, bound at /run/netns/NAME).
/// Sockets keep the namespace they were created in, so callers open their sockets inside
/// <see cref="Run{T}"/> and use them anywhere afterwards.
/// </summary>
public static class NetworkNamespace
{
    /// <summary>Where iproute2 binds named namespaces.</summary>
    public const string RunDirectory = "/run/netns";

    /// <summary>True when a namespace called <paramref name="name"/> exists.</summary>
    public static bool Exists(string name) => File.Exists(Path.Combine(RunDirectory, name));

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh thread that has joined namespace <paramref name="name"/>
    /// (null or empty: the caller's namespace). setns changes only that thread, so the caller and the
    /// thread pool never leave their own namespace, even if the action throws.
    /// </summary>
    public static T Run<T>(string? name, Func<T> action)
    {
        if (string.IsNullOrEmpty(name))
        {
            return action();
        }

        ValidateName(name);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = action();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            IsBackground = true,
            Name = "netns " + name,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Runs <paramref name="action"/> inside namespace <paramref name="name"/>.</summary>
    public static void Run(string? name, Action action) => Run<object?>(name, () =>
    {
        action();
        return null;
    });

    /// <summary>Namespace names are file names under /run/netns: no path separators, no dot names.</summary>
    public static void ValidateName(string name)
    {
        if (name.Length == 0 || name.Length > 255 || name.Contains('/') || name is "." or ".." || name.Contains('\0'))
        {
            throw new HaToolsException("InvalidNamespaceName", HaToolsErrorKind.InvalidArgument, $"'{name}' is not a valid network namespace name.", name);
        }
    }

    private static unsafe void Enter(string name)
    {
        string path = Path.Combine(RunDirectory, name);
        if (!File.Exists(path))
        {
            throw new HaToolsException("NamespaceNotFound", HaToolsErrorKind.ObjectNotFound, $"Network namespace '{name}' does not exist ({path}).", name);
        }

        int fd;
        fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
        {
            fd = open(p, O_RDONLY | O_CLOEXEC);
        }

        LinuxError.Check(fd, $"open {path}", name);
        try
        {
            int r = setns(fd, CLONE_NEWNET);
            if (r < 0)
            {
                int errno = LinuxError.LastErrno();
                if (errno == Errno.EPERM)
                {
                    throw Capabilities.MissingError($"Entering network namespace '{name}'", new[] { LinuxCapability.SysAdmin });
                }

                throw LinuxError.FromErrno(errno, $"setns {name}", name);
            }
        }
        finally
        {
            close(fd);
        }
    }
}
