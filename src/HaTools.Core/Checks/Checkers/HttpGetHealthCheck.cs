using System.Text.RegularExpressions;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// HTTP_GET/SSL_GET with keepalived's exact request. Under a scheduler or probe (<see cref="CreateStateMachine"/>)
/// each attempt fetches ONE url, the one <see cref="HttpUrlStateMachine"/> points at, as keepalived steps
/// through its urls; called directly without a machine, one attempt fetches every url and fails at the first
/// whose status, digest or regex is not as expected.
/// </summary>
public sealed class HttpGetHealthCheck : IStatefulHealthCheck
{
    private readonly CheckEndpoint _endpoint;
    private readonly HttpGetCheckOptions _options;
    private readonly string? _defaultVirtualHost;
    private readonly HttpGetClient _client;
    private readonly UrlMatcher?[] _regexes;
    private volatile HttpUrlStateMachine? _machine;

    public HttpGetHealthCheck(CheckEndpoint endpoint, HttpGetCheckOptions options, string? defaultVirtualHost = null, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _options = options;
        _defaultVirtualHost = defaultVirtualHost;
        _client = new HttpGetClient(time);
        _regexes = options.Urls.Select(u => u.Regex is null ? null : UrlMatcher.Create(u)).ToArray();
        Target = $"{options.Kind} {endpoint}";
    }

    public string Kind => _options.Kind;

    public string Target { get; }

    public CheckerStateMachine CreateStateMachine(CheckerTiming timing)
    {
        var m = new HttpUrlStateMachine(timing, _options.Urls.Count, _options.FastRecovery);
        _machine = m;
        return m;
    }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        if (_options.Urls.Count == 0) return CheckAttempt.Ok("no url to check");
        if (_machine is { } m)
        {
            var i = Math.Min(m.CurrentUrl, _options.Urls.Count - 1);
            var (failed, time) = await CheckUrlAsync(i, cancellationToken).ConfigureAwait(false);
            return failed ?? CheckAttempt.Ok($"{_options.Urls[i].Path} answered as expected in {time.TotalMilliseconds:0.#} ms", time);
        }

        var total = TimeSpan.Zero;
        for (var i = 0; i < _options.Urls.Count; i++)
        {
            var (failed, time) = await CheckUrlAsync(i, cancellationToken).ConfigureAwait(false);
            total += time;
            if (failed != null) return failed with { Duration = total };
        }
        var last = _options.Urls.Count == 1 ? _options.Urls[0].Path : $"{_options.Urls.Count} urls";
        return CheckAttempt.Ok($"{last} answered as expected in {total.TotalMilliseconds:0.#} ms", total);
    }

    private async Task<(CheckAttempt? Failed, TimeSpan Time)> CheckUrlAsync(int i, CancellationToken cancellationToken)
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
            Tls = _options.Tls,
            Protocol = _options.Protocol,
            Timeout = _endpoint.Timeout,
            BindAddress = _endpoint.BindTo,
            BindPort = _endpoint.BindPort,
            Socket = _endpoint.SocketOptions,
            CaptureBodyBytes = _regexes[i]?.Window ?? 0,
        }, cancellationToken).ConfigureAwait(false);
        var total = r.TotalTime;
        var where = _options.Urls.Count > 1 ? $" on {url.Path}" : string.Empty;
        if (!r.Succeeded) return (CheckAttempt.Fail(r.FailureReason + where, total), total);
        var codes = url.EffectiveStatusCodes;
        if (!codes.Any(c => c.Contains(r.StatusCode)))
            return (CheckAttempt.Fail($"HTTP status {r.StatusCode}, expected {string.Join(' ', codes)}{where}", total), total);
        if (url.Digest != null && !string.Equals(url.Digest, r.Digest, StringComparison.OrdinalIgnoreCase))
            return (CheckAttempt.Fail($"MD5 digest {r.Digest}, expected {url.Digest}{where}", total), total);
        if (_regexes[i] is { } regex)
        {
            bool matched;
            try
            {
                matched = regex.IsMatch(r.BodyPrefix ?? Array.Empty<byte>());
            }
            catch (RegexMatchTimeoutException)
            {
                return (CheckAttempt.Fail($"regex '{url.Regex}' timed out{where}", total), total);
            }
            if (matched == url.RegexNoMatch)
                return (CheckAttempt.Fail(url.RegexNoMatch ? $"body matches regex '{url.Regex}'{where}" : $"body does not match regex '{url.Regex}'{where}", total), total);
        }
        return (null, total);
    }
}
