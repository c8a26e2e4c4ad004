using System.Net;

namespace HaTools.Core.Checks.Options;

/// <summary>
/// What every checker kind shares (keepalived.conf(5) "generic connection options"). Unset values
/// fall back to the real server, then the virtual server, then keepalived's defaults.
/// </summary>
public abstract record CheckOptions
{
    /// <summary>The keepalived block keyword: TCP_CHECK, HTTP_GET, ...</summary>
    public abstract string Kind { get; }

    public IPAddress? ConnectIP { get; init; }

    public int? ConnectPort { get; init; }

    public IPAddress? BindTo { get; init; }

    public int BindPort { get; init; }

    /// <summary>bind_if: SO_BINDTODEVICE on the checker's sockets.</summary>
    public string? BindInterface { get; init; }

    /// <summary>fwmark: SO_MARK on the checker's sockets.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>The socket options bind_if and fwmark ask for; null when neither is set.</summary>
    public HaTools.Core.Checks.Checkers.CheckSocketOptions? SocketOptions =>
        BindInterface is null && FirewallMark is null ? null : new() { BindInterface = BindInterface, FirewallMark = FirewallMark };

    public TimeSpan? ConnectTimeout { get; init; }

    public int? Retry { get; init; }

    public TimeSpan? DelayBeforeRetry { get; init; }

    public TimeSpan? Warmup { get; init; }

    public TimeSpan? DelayLoop { get; init; }

    public bool? Alpha { get; init; }

    /// <summary>Timing with keepalived's per-kind defaults for whatever is unset here or in the virtual server.</summary>
    public CheckerTiming ResolveTiming(TimeSpan? virtualServerDelayLoop = null, bool? virtualServerAlpha = null, TimeSpan? virtualServerConnectTimeout = null,
        int? virtualServerRetry = null, TimeSpan? virtualServerDelayBeforeRetry = null, TimeSpan? virtualServerWarmup = null)
    {
        var d = CheckerTiming.DefaultFor(Kind, DelayLoop ?? virtualServerDelayLoop);
        return d with
        {
            ConnectTimeout = ConnectTimeout ?? virtualServerConnectTimeout ?? d.ConnectTimeout,
            Retry = Retry ?? virtualServerRetry ?? d.Retry,
            DelayBeforeRetry = DelayBeforeRetry ?? virtualServerDelayBeforeRetry ?? d.DelayBeforeRetry,
            Warmup = Warmup ?? virtualServerWarmup ?? d.Warmup,
            Alpha = Alpha ?? virtualServerAlpha ?? d.Alpha,
        };
    }
}
