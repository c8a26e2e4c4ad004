namespace HaTools.Core.Checks.Options;

/// <summary>SSL_GET: HTTP_GET over TLS (certificates are not verified, as in keepalived).</summary>
public sealed record SslGetCheckOptions : HttpGetCheckOptions
{
    public override string Kind => "SSL_GET";

    public override bool UseSsl => true;
}
