using System.Net.Sockets;
using System.Text;

namespace HaTools.Core.Checks.Http;

/// <summary>
/// The exact GET request bytes keepalived's HTTP_GET/SSL_GET checker and genhash send, so a digest
/// taken with Test-HttpGetDigest is the digest keepalived will see (servers may vary content by header).
/// </summary>
public static class HttpRequestBuilder
{
    public const string UserAgent = "KeepAliveClient";

    /// <summary>
    /// Host is the virtual host without port when one is given, else the address and port
    /// (an IPv6 literal in brackets, RFC 2732), as keepalived writes it.
    /// </summary>
    public static byte[] Build(string path, HttpProtocolVersion protocol, System.Net.IPAddress server, int port, string? virtualHost)
    {
        var sb = new StringBuilder(128);
        sb.Append("GET ").Append(path).Append(protocol == HttpProtocolVersion.Http11 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
        sb.Append("User-Agent: ").Append(UserAgent).Append("\r\n");
        if (protocol != HttpProtocolVersion.Http10)
            sb.Append("Connection: close\r\n");
        sb.Append("Host: ");
        if (!string.IsNullOrEmpty(virtualHost))
            sb.Append(virtualHost);
        else if (server.AddressFamily == AddressFamily.InterNetworkV6)
            sb.Append('[').Append(server.ToString()).Append("]:").Append(port);
        else
            sb.Append(server.ToString()).Append(':').Append(port);
        sb.Append("\r\n\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
