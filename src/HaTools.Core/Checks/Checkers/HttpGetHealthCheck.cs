using System.Text;
using System.Text.RegularExpressions;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// HTTP_GET/SSL_GET: each url in turn with keepalived's exact request; the attempt fails at the first url
/// whose status is not accepted, whose digest differs, or whose regex (mis)matches.
/// </summary>
public sealed class HttpGetHealthCheck : IHealthCheck
{
    private readonly CheckEndpoint _endpoint;
    private readonly HttpGetCheckOptions _options;
    private readonly string? _defaultVirtualHost;
    private readonly HttpGetClient _client;
    private readonly Regex?[] _regexes;

    public HttpGetHealthCheck(CheckEndpoint endpoint, HttpGetCheckOptions options, string? defaultVirtualHost = null, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _options = options;
        _defaultVirtualHost = defaultVirtualHost;
        _client = new HttpGetClient(time);
        _regexes = options.Urls.Select(u => u.Regex is null ? null : new Regex(u.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToArray();
        Target = $"{options.Kind} {endpoint}";
    }

    public string Kind => _options.Kind;

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        if (_options.Urls.Count == 0) return CheckAttempt.Ok("no url to check");
        var total = TimeSpan.Zero;
        for (var i = 0; i < _options.Urls.Count; i++)
        {
            var url = _options.Urls[i];
            var vhost = url.VirtualHost ?? _options.VirtualHost ?? _defaultVirtualHost;
            var r = await _client.GetAsync(new HttpGetRequest
            {
                Server = _endpoint.Address,
                Port = _endpoint.Port,
                Path = url.Path,
                VirtualHost = vhost,
                UseSsl = _options.UseSsl,
                EnableSni = _options.EnableSni,
                Protocol = _options.Protocol,
                Timeout = _endpoint.Timeout,
                BindAddress = _endpoint.BindTo,
                BindPort = _endpoint.BindPort,
                CaptureBodyBytes = _regexes[i] is null ? 0 : UrlCheckOptions.RegexWindow,
            }, cancellationToken).ConfigureAwait(false);
            total += r.TotalTime;
            var where = _options.Urls.Count > 1 ? $" on {url.Path}" : string.Empty;
            if (!r.Succeeded) return CheckAttempt.Fail(r.FailureReason + where, total);
            var codes = url.EffectiveStatusCodes;
            if (!codes.Any(c => c.Contains(r.StatusCode)))
                return CheckAttempt.Fail($"HTTP status {r.StatusCode}, expected {string.Join(' ', codes)}{where}", total);
            if (url.Digest != null && !string.Equals(url.Digest, r.Digest, StringComparison.OrdinalIgnoreCase))
                return CheckAttempt.Fail($"MD5 digest {r.Digest}, expected {url.Digest}{where}", total);
            if (_regexes[i] is { } regex)
            {
                bool matched;
                try
                {
                    matched = regex.IsMatch(Encoding.Latin1.GetString(r.BodyPrefix ?? Array.Empty<byte>()));
                }
                catch (RegexMatchTimeoutException)
                {
                    return CheckAttempt.Fail($"regex '{url.Regex}' timed out{where}", total);
                }
                if (matched == url.RegexNoMatch)
                    return CheckAttempt.Fail(url.RegexNoMatch ? $"body matches regex '{url.Regex}'{where}" : $"body does not match regex '{url.Regex}'{where}", total);
            }
        }
        var last = _options.Urls.Count == 1 ? _options.Urls[0].Path : $"{_options.Urls.Count} urls";
        return CheckAttempt.Ok($"{last} answered as expected in {total.TotalMilliseconds:0.#} ms", total);
    }
}
