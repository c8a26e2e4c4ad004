namespace HaTools.Core.Checks.Http;

/// <summary>The request line and connection header keepalived's http_protocol (and genhash -P) choose.</summary>
public enum HttpProtocolVersion
{
    /// <summary>"GET … HTTP/1.0" with no Connection header: keepalived's and genhash's default.</summary>
    Http10,

    /// <summary>"GET … HTTP/1.0" plus "Connection: close" (keepalived's 1.0C).</summary>
    Http10Close,

    /// <summary>"GET … HTTP/1.1" plus "Connection: close" (keepalived's 1.1).</summary>
    Http11,
}
