namespace HaTools.Core.Config;

/// <summary>An SSL_GET checker: HTTP_GET over TLS.</summary>
public sealed record SslGetCheckConfig : HttpGetCheckConfig
{
    public override string Kind => "SSL_GET";

    public bool? EnableSni { get; set; }
}
