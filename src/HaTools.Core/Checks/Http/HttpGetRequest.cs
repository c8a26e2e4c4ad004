using System.Net;

namespace HaTools.Core.Checks.Http;

/// <summary>One GET as keepalived's HTTP_GET/SSL_GET (and genhash) would send it.</summary>
public sealed record HttpGetRequest
{
    public const int DefaultMaxBodyBytes = 64 * 1024 * 1024;

    public required IPAddress Server { get; init; }

    public required int Port { get; init; }

    public string Path { get; init; } = "/";

    /// <summary>Host header (and TLS SNI unless <see cref="EnableSni"/> is false); null sends address:port.</summary>
    public string? VirtualHost { get; init; }

    public bool UseSsl { get; init; }

    /// <summary>Send the virtual host as TLS SNI (keepalived's enable_sni; genhash -I).</summary>
    public bool EnableSni { get; init; } = true;

    /// <summary>The global SSL block (client certificate); null presents none. Server certificates are never verified.</summary>
    public LoadedTlsClientSettings? Tls { get; init; }

    /// <summary>bind_if and fwmark for the connection.</summary>
    public HaTools.Core.Checks.Checkers.CheckSocketOptions? Socket { get; init; }

    public HttpProtocolVersion Protocol { get; init; } = HttpProtocolVersion.Http10;

    /// <summary>Limit for each step: connect, TLS handshake, write, and each read (keepalived's connect_timeout).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for the whole exchange, so a server trickling an endless body cannot hold a check forever.</summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>Local address to bind to (keepalived's bindto, genhash has none).</summary>
    public IPAddress? BindAddress { get; init; }

    public int BindPort { get; init; }

    /// <summary>Body bytes read before giving up (the digest would be meaningless past this).</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Body bytes kept in <see cref="HttpGetResult.BodyPrefix"/> (for regex checks); 0 keeps none.</summary>
    public int CaptureBodyBytes { get; init; }

    public TimeSpan EffectiveTotalTimeout => TotalTimeout ?? TimeSpan.FromTicks(Timeout.Ticks * 4);

    public override string ToString() =>
        $"{(UseSsl ? "https" : "http")}://{(Server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Server}]" : Server.ToString())}:{Port}{Path}";
}
