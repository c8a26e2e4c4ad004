using HaTools.Core.Config;

namespace HaTools.Core.Checks.Options;

/// <summary>One url block of HTTP_GET/SSL_GET: path and what the response must satisfy.</summary>
public sealed record UrlCheckOptions
{
    public string Path { get; init; } = "/";

    /// <summary>Expected MD5 of the body (genhash/Test-HttpGetDigest), lowercase hex; null skips the digest.</summary>
    public string? Digest { get; init; }

    /// <summary>Accepted status codes; empty means keepalived's default 200-299.</summary>
    public IReadOnlyList<StatusCodeRange> StatusCodes { get; init; } = Array.Empty<StatusCodeRange>();

    public string? VirtualHost { get; init; }

    /// <summary>
    /// keepalived's PCRE2 pattern, searched in the first <see cref="RegexWindow"/> body bytes with .NET's engine;
    /// constructs the two engines read differently are refused (<see cref="Http.UrlMatcher"/>).
    /// </summary>
    public string? Regex { get; init; }

    public bool RegexNoMatch { get; init; }

    /// <summary>regex_options (caseless, multiline, dotall, extended, ...).</summary>
    public IReadOnlyList<string> RegexOptions { get; init; } = Array.Empty<string>();

    /// <summary>regex_min_offset: the match must start at or after this body offset.</summary>
    public int? RegexMinOffset { get; init; }

    /// <summary>regex_max_offset: the match must start at or before this body offset.</summary>
    public int? RegexMaxOffset { get; init; }

    public const int RegexWindow = 1024 * 1024;

    public static readonly IReadOnlyList<StatusCodeRange> DefaultStatusCodes = new[] { new StatusCodeRange(200, 299) };

    public IReadOnlyList<StatusCodeRange> EffectiveStatusCodes => StatusCodes.Count > 0 ? StatusCodes : DefaultStatusCodes;

    /// <summary>Reads one status_code item: "200" or "200-299".</summary>
    public static bool TryParseStatusCode(string text, out StatusCodeRange range)
    {
        range = null!;
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out var from)) return false;
        var to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1], out to)) return false;
        if (from < 100 || to > 999 || to < from) return false;
        range = new StatusCodeRange(from, to);
        return true;
    }
}
