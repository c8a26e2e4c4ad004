using System.Reflection;
using System.Runtime.CompilerServices;

namespace HaTools.Core.Vrrp;

/// <summary>
/// Compiles the VRRP and Linux edge code ahead of its first call. Without it the first shutdown or takeover of a
/// process JITs its whole path at that moment (the bench measured 4 ms median, 26 ms p95 from SIGTERM handler to the
/// priority-0 advert on a busy machine; 0.5 / 1.5 ms with it). Runs once per process, on a background thread at nice 19.
/// </summary>
internal static class VrrpEventLoopWarmup
{
    private static int s_started;

    /// <summary>
    /// Namespaces (exact, not their children) of the Linux edge on the takeover and shutdown paths. Kept narrow: a
    /// warm-up of all of Linux/ and Vrrp/ (1,300 methods) ran for seconds on a busy machine and delayed the very
    /// signal handler it was meant to speed up.
    /// </summary>
    private static readonly string[] Namespaces =
    [
        "HaTools.Core.Linux",
        "HaTools.Core.Linux.Vrrp",
        "HaTools.Core.Linux.Sockets",
        "HaTools.Core.Linux.Rtnetlink",
        "HaTools.Core.Linux.Packet",
    ];

    /// <summary>The protocol types a takeover or a shutdown runs through (with their nested types).</summary>
    private static readonly Type[] ProtocolTypes =
    [
        typeof(VrrpEventLoop),
        typeof(VrrpStateMachine),
        typeof(VrrpPacket),
        typeof(VrrpPacketReader),
        typeof(VrrpPacketWriter),
        typeof(VrrpChecksum),
        typeof(VrrpAction),
        typeof(VrrpIpAddress),
        typeof(VrrpTransition),
        typeof(VrrpLogEntry),
        typeof(VrrpAnnouncement),
        typeof(VrrpVirtualAddress),
    ];

    /// <summary>Starts the warm-up once per process; later calls do nothing.</summary>
    public static void StartOnce()
    {
        if (Interlocked.Exchange(ref s_started, 1) == 0)
        {
            new Thread(() =>
            {
                // At nice 19 the warm-up cannot delay the loop or the runtime's signal thread on a busy machine.
                Linux.Vrrp.BackgroundPriority.TryLowerCurrentThread();
                PrepareAll();
            })
            {
                IsBackground = true,
                Name = "VRRP JIT warm-up",
            }.Start();
        }
    }

    /// <summary>Prepares every non-generic method with a body in <see cref="Namespaces"/>; returns how many.</summary>
    internal static int PrepareAll()
    {
        int prepared = 0;
        foreach (Type type in typeof(VrrpEventLoop).Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters || !InScope(type))
            {
                continue;
            }

            foreach (MethodBase method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                         .Cast<MethodBase>()
                         .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)))
            {
                if (method.IsAbstract || method.ContainsGenericParameters || (method.MethodImplementationFlags & MethodImplAttributes.InternalCall) != 0
                    || (method.Attributes & MethodAttributes.PinvokeImpl) != 0)
                {
                    continue;
                }

                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    prepared++;
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException or BadImageFormatException or TypeLoadException)
                {
                    // Some methods cannot be prepared alone (e.g. P/Invoke stubs); they compile on first call as before.
                }
            }
        }

        return prepared;
    }

    private static bool InScope(Type type)
    {
        for (Type? t = type; t is not null; t = t.DeclaringType)
        {
            if (Array.IndexOf(ProtocolTypes, t) >= 0)
            {
                return true;
            }
        }

        return type.Namespace is { } ns && Array.IndexOf(Namespaces, ns) >= 0;
    }
}
