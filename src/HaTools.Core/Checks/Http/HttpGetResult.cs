using System.Text;

namespace HaTools.Core.Checks.Http;

/// <summary>
/// What one GET returned: status, MD5 of the body as keepalived computes it (lowercase hex, as genhash
/// prints it), lengths, headers, timings, and a url block ready for keepalived.conf.
/// </summary>
public sealed record HttpGetResult
{
    public required HttpGetRequest Request { get; init; }

    public HttpGetFailure Failure { get; init; }

    /// <summary>Human reason for a failure ("connect timeout after 3 s"); null on success.</summary>
    public string? FailureReason { get; init; }

    public bool Succeeded => Failure == HttpGetFailure.None;

    public int StatusCode { get; init; }

    public string StatusLine { get; init; } = string.Empty;

    /// <summary>MD5 of the body bytes keepalived hashes, 32 lowercase hex digits.</summary>
    public string? Digest { get; init; }

    /// <summary>Content-Length as keepalived honours it; null when none counts.</summary>
    public long? ContentLength { get; init; }

    /// <summary>Body bytes received after the header (all of them, even past Content-Length).</summary>
    public long BodyLength { get; init; }

    public IReadOnlyList<HttpHeaderField> Headers { get; init; } = Array.Empty<HttpHeaderField>();

    /// <summary>The first <see cref="HttpGetRequest.CaptureBodyBytes"/> hashed bytes, for regex checks.</summary>
    public byte[]? BodyPrefix { get; init; }

    public TimeSpan ConnectTime { get; init; }

    public TimeSpan TimeToFirstByte { get; init; }

    public TimeSpan TotalTime { get; init; }

    public bool ContentLengthMismatch => ContentLength is long cl && cl != BodyLength;

    /// <summary>A keepalived.conf url block that this response satisfies.</summary>
    public string KeepalivedSnippet => BuildSnippet();

    private string BuildSnippet()
    {
        var sb = new StringBuilder();
        sb.Append("url {\n");
        sb.Append("    path ").Append(Request.Path).Append('\n');
        if (Digest != null) sb.Append("    digest ").Append(Digest).Append('\n');
        if (StatusCode > 0) sb.Append("    status_code ").Append(StatusCode).Append('\n');
        if (!string.IsNullOrEmpty(Request.VirtualHost)) sb.Append("    virtualhost ").Append(Request.VirtualHost).Append('\n');
        sb.Append('}');
        return sb.ToString();
    }
}
