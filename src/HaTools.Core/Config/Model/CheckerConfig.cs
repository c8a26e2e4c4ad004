using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// What every real_server health checker shares: where to connect, how long to wait and how often to retry.
/// <c>nb_get_retry</c> and <c>retry</c> both land in <see cref="Retry"/>.
/// </summary>
public abstract record CheckerConfig : ConfigObject
{
    /// <summary>The keepalived block keyword (TCP_CHECK, HTTP_GET, ...).</summary>
    public abstract string Kind { get; }

    public IPAddress? ConnectIP { get; set; }

    public int? ConnectPort { get; set; }

    public IPAddress? BindTo { get; set; }

    public int? BindPort { get; set; }

    public string? BindInterface { get; set; }

    public TimeSpan? ConnectTimeout { get; set; }

    public int? Retry { get; set; }

    public TimeSpan? DelayBeforeRetry { get; set; }

    public TimeSpan? Warmup { get; set; }

    public TimeSpan? DelayLoop { get; set; }

    public int? FirewallMark { get; set; }

    public bool? Alpha { get; set; }

    /// <summary>Every other valid keyword of the checker block, verbatim and in order.</summary>
    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    // Sealed so that every derived record shows this summary instead of a generated dump.
    public sealed override string ToString() => Describe();

    protected virtual string Describe() => ConnectPort is int p ? $"{Kind} port {p}" : Kind;
}
