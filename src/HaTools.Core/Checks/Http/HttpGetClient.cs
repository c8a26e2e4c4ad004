using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HaTools.Core.Checks.Net;

namespace HaTools.Core.Checks.Http;

/// <summary>
/// A minimal HTTP/1.x GET over Socket/SslStream that sends exactly keepalived's request and reads the
/// response by keepalived's rules (<see cref="KeepalivedResponseRules"/>), so digests match genhash's.
/// Never follows redirects, never decodes chunked framing, bounds header, body and time, never throws
/// for what the server does: every failure becomes an <see cref="HttpGetResult"/> with a reason.
/// </summary>
public sealed class HttpGetClient
{
    private const int BodyReadSize = 16 * 1024;
    private readonly TimeProvider _time;

    public HttpGetClient(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public async Task<HttpGetResult> GetAsync(HttpGetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(request.EffectiveTotalTimeout);
        var timings = new Timings();
        Stream? stream = null;
        Socket? socket = null;
        try
        {
            var connect = await TcpConnector.ConnectAsync(request.Server, request.Port, request.BindAddress, request.BindPort, request.Timeout, total.Token, _time, request.Socket).ConfigureAwait(false);
            if (connect.Socket is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Fail(request, connect.Failure == ConnectFailure.Timeout ? HttpGetFailure.ConnectTimeout
                    : connect.Failure == ConnectFailure.Refused ? HttpGetFailure.ConnectRefused : HttpGetFailure.ConnectError,
                    total.IsCancellationRequested && connect.Failure == ConnectFailure.Timeout ? TotalReason(request) : connect.Reason, started, timings);
            }
            socket = connect.Socket;
            timings.Connect = _time.GetElapsedTime(started);
            stream = new NetworkStream(socket, ownsSocket: true);

            if (request.UseSsl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var sni = request.EnableSni && !string.IsNullOrEmpty(request.VirtualHost) ? request.VirtualHost : string.Empty;
                using var step = Step(request, total.Token);
                try
                {
                    await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = sni,
                        // keepalived never verifies the server (it loads 'ca' but sets no SSL_VERIFY_PEER).
                        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                        ClientCertificates = request.Tls?.ClientCertificate is { } client ? new X509CertificateCollection { client } : null,
                        LocalCertificateSelectionCallback = request.Tls?.ClientCertificate is { } chosen ? (_, _, _, _, _) => chosen : null,
                    }, step.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return Fail(request, HttpGetFailure.TlsHandshakeFailed, total.IsCancellationRequested ? TotalReason(request) : $"TLS handshake timeout after {Secs(request.Timeout)}", started, timings);
                }
                catch (Exception ex) when (ex is IOException or AuthenticationException or SocketException or ObjectDisposedException)
                {
                    return Fail(request, HttpGetFailure.TlsHandshakeFailed, "TLS handshake failed: " + Describe(ex), started, timings);
                }
            }

            var requestBytes = HttpRequestBuilder.Build(request.Path, request.Protocol, request.Server, request.Port, request.VirtualHost);
            using (var step = Step(request, total.Token))
            {
                try
                {
                    await stream.WriteAsync(requestBytes, step.Token).ConfigureAwait(false);
                    await stream.FlushAsync(step.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return Fail(request, HttpGetFailure.WriteFailed, total.IsCancellationRequested ? TotalReason(request) : $"write timeout after {Secs(request.Timeout)}", started, timings);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                    return Fail(request, HttpGetFailure.WriteFailed, "cannot send request: " + Describe(ex), started, timings);
                }
            }

            return await ReadResponseAsync(request, stream, total, cancellationToken, started, timings).ConfigureAwait(false);
        }
        finally
        {
            if (stream != null) await stream.DisposeAsync().ConfigureAwait(false);
            else socket?.Dispose();
        }
    }

    private async Task<HttpGetResult> ReadResponseAsync(HttpGetRequest request, Stream stream, CancellationTokenSource total,
        CancellationToken cancellationToken, long started, Timings timings)
    {
        var header = ArrayPool<byte>.Shared.Rent(KeepalivedResponseRules.MaxHeaderBytes);
        byte[]? body = null;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            var len = 0;
            var headerEnd = -1;
            while (headerEnd < 0)
            {
                if (len == KeepalivedResponseRules.MaxHeaderBytes)
                    return Fail(request, HttpGetFailure.HeaderTooLarge, $"response header larger than {KeepalivedResponseRules.MaxHeaderBytes} bytes (keepalived's limit)", started, timings);
                var (n, failure, reason) = await ReadAsync(request, stream, header.AsMemory(len, KeepalivedResponseRules.MaxHeaderBytes - len), total, cancellationToken).ConfigureAwait(false);
                if (failure != HttpGetFailure.None) return Fail(request, failure, reason!, started, timings);
                if (n == 0)
                    return Fail(request, HttpGetFailure.NoData, len == 0 ? "no data received" : "connection closed before the end of the response header (no CRLF CRLF)", started, timings);
                if (len == 0) timings.FirstByte = _time.GetElapsedTime(started);
                var scanFrom = Math.Max(0, len - 3);
                len += n;
                var found = KeepalivedResponseRules.FindHeaderEnd(header.AsSpan(scanFrom, len - scanFrom));
                if (found >= 0) headerEnd = scanFrom + found;
            }

            var received = header.AsSpan(0, len);
            var status = KeepalivedResponseRules.ParseStatusCode(received[..headerEnd]);
            var contentLength = KeepalivedResponseRules.ParseContentLength(received);
            var fields = KeepalivedResponseRules.ParseHeaderFields(received[..(headerEnd - 4)], out var statusLine);

            var capture = request.CaptureBodyBytes > 0 ? new MemoryStream() : null;
            long rx = 0;
            void Consume(ReadOnlySpan<byte> chunk)
            {
                var hashed = chunk;
                if (contentLength is long cl)
                {
                    var left = cl - rx;
                    hashed = left <= 0 ? ReadOnlySpan<byte>.Empty : left < chunk.Length ? chunk[..(int)left] : chunk;
                }
                md5.AppendData(hashed);
                if (capture != null && capture.Length < request.CaptureBodyBytes)
                    capture.Write(hashed[..(int)Math.Min(hashed.Length, request.CaptureBodyBytes - capture.Length)]);
                rx += chunk.Length;
            }

            Consume(received[headerEnd..]);
            body = ArrayPool<byte>.Shared.Rent(BodyReadSize);
            while (true)
            {
                if (rx > request.MaxBodyBytes)
                    return Fail(request, HttpGetFailure.BodyTooLarge, $"body larger than {request.MaxBodyBytes} bytes", started, timings, status, statusLine);
                var (n, failure, reason) = await ReadAsync(request, stream, body.AsMemory(0, BodyReadSize), total, cancellationToken).ConfigureAwait(false);
                if (failure != HttpGetFailure.None) return Fail(request, failure, reason!, started, timings, status, statusLine);
                if (n == 0) break;
                Consume(body.AsSpan(0, n));
            }

            return new HttpGetResult
            {
                Request = request,
                StatusCode = status,
                StatusLine = statusLine,
                Digest = Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant(),
                ContentLength = contentLength,
                BodyLength = rx,
                Headers = fields,
                BodyPrefix = capture?.ToArray(),
                ConnectTime = timings.Connect,
                TimeToFirstByte = timings.FirstByte,
                TotalTime = _time.GetElapsedTime(started),
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
            if (body != null) ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async ValueTask<(int Read, HttpGetFailure Failure, string? Reason)> ReadAsync(HttpGetRequest request, Stream stream, Memory<byte> into,
        CancellationTokenSource total, CancellationToken cancellationToken)
    {
        using var step = Step(request, total.Token);
        try
        {
            return (await stream.ReadAsync(into, step.Token).ConfigureAwait(false), HttpGetFailure.None, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return total.IsCancellationRequested
                ? (0, HttpGetFailure.TotalTimeout, TotalReason(request))
                : (0, HttpGetFailure.ReadTimeout, $"read timeout after {Secs(request.Timeout)}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            return (0, HttpGetFailure.ReadError, "read error: " + Describe(ex));
        }
    }

    private CancellationTokenSource Step(HttpGetRequest request, CancellationToken total)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(total);
        cts.CancelAfter(request.Timeout);
        return cts;
    }

    private HttpGetResult Fail(HttpGetRequest request, HttpGetFailure failure, string reason, long started, Timings timings, int status = 0, string statusLine = "") => new()
    {
        Request = request,
        Failure = failure,
        FailureReason = reason,
        StatusCode = status,
        StatusLine = statusLine,
        ConnectTime = timings.Connect,
        TimeToFirstByte = timings.FirstByte,
        TotalTime = _time.GetElapsedTime(started),
    };

    private static string TotalReason(HttpGetRequest r) => $"no complete response within {Secs(r.EffectiveTotalTimeout)}";

    internal static string Secs(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    internal static string Describe(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is SocketException se) return SocketErrorText(se.SocketErrorCode);
        return ex.InnerException?.Message ?? ex.Message;
    }

    internal static string SocketErrorText(SocketError e) => e switch
    {
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "timed out",
        SocketError.AddressNotAvailable => "address not available",
        _ => e.ToString(),
    };

    private sealed class Timings
    {
        public TimeSpan Connect;
        public TimeSpan FirstByte;
    }
}
