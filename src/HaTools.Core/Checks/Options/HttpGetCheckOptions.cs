using HaTools.Core.Checks.Http;

namespace HaTools.Core.Checks.Options;

/// <summary>HTTP_GET: every url must answer with an accepted status (and digest/regex when given).</summary>
public record HttpGetCheckOptions : CheckOptions
{
    public override string Kind => "HTTP_GET";

    public virtual bool UseSsl => false;

    public IReadOnlyList<UrlCheckOptions> Urls { get; init; } = Array.Empty<UrlCheckOptions>();

    public string? VirtualHost { get; init; }

    public HttpProtocolVersion Protocol { get; init; } = HttpProtocolVersion.Http10;

    /// <summary>SSL_GET's enable_sni.</summary>
    public bool EnableSni { get; init; }
}
