using HaTools.Core.Checks.Http;

namespace HaTools.Core.Checks.Options;

/// <summary>HTTP_GET: the urls are checked in turn, one per attempt (keepalived's stepping); each must answer with an accepted status (and digest/regex when given).</summary>
public record HttpGetCheckOptions : CheckOptions
{
    public override string Kind => "HTTP_GET";

    public virtual bool UseSsl => false;

    public IReadOnlyList<UrlCheckOptions> Urls { get; init; } = Array.Empty<UrlCheckOptions>();

    public string? VirtualHost { get; init; }

    public HttpProtocolVersion Protocol { get; init; } = HttpProtocolVersion.Http10;

    /// <summary>SSL_GET's enable_sni.</summary>
    public bool EnableSni { get; init; }

    /// <summary>fast_recovery: while a server recovers (or before its first full pass) urls are checked back to back, not delay_loop apart.</summary>
    public bool FastRecovery { get; init; }

    /// <summary>The global SSL block's client certificate for SSL_GET, loaded; null presents none.</summary>
    public LoadedTlsClientSettings? Tls { get; init; }
}
