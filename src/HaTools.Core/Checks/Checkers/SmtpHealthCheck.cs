using System.Net.Sockets;
using System.Text;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Net;

namespace HaTools.Core.Checks.Checkers;

/// <summary>SMTP_CHECK: expects a 220 greeting and 250 to "HELO name", then says QUIT (RFC 5321 §4.3.2).</summary>
public sealed class SmtpHealthCheck : IHealthCheck
{
    private const int MaxReplyBytes = 4096;
    private readonly CheckEndpoint _endpoint;
    private readonly string _helo;
    private readonly TimeProvider _time;

    public SmtpHealthCheck(CheckEndpoint endpoint, string? heloName = null, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _helo = string.IsNullOrEmpty(heloName) ? Environment.MachineName : heloName;
        _time = time ?? TimeProvider.System;
        Target = $"SMTP_CHECK {endpoint}";
    }

    public string Kind => "SMTP_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var c = await TcpConnector.ConnectAsync(_endpoint.Address, _endpoint.Port, _endpoint.BindTo, _endpoint.BindPort, _endpoint.Timeout, cancellationToken, _time).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (c.Socket is null) return CheckAttempt.Fail(c.Reason, _time.GetElapsedTime(start));
        await using var stream = new NetworkStream(c.Socket, ownsSocket: true);
        var buffer = new byte[MaxReplyBytes];
        var (code, text) = await ReadReplyAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        if (code != 220) return CheckAttempt.Fail(code < 0 ? "SMTP greeting: " + text : $"SMTP greeting {code}, expected 220", _time.GetElapsedTime(start));
        if (!await SendAsync(stream, $"HELO {_helo}\r\n", cancellationToken).ConfigureAwait(false))
            return CheckAttempt.Fail("cannot send HELO", _time.GetElapsedTime(start));
        (code, text) = await ReadReplyAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        if (code != 250) return CheckAttempt.Fail(code < 0 ? "SMTP HELO: " + text : $"SMTP HELO answered {code}, expected 250", _time.GetElapsedTime(start));
        await SendAsync(stream, "QUIT\r\n", cancellationToken).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(start);
        return CheckAttempt.Ok($"SMTP 220/250 in {elapsed.TotalMilliseconds:0.#} ms", elapsed);
    }

    private async Task<bool> SendAsync(Stream s, string line, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_endpoint.Timeout);
        try
        {
            await s.WriteAsync(Encoding.ASCII.GetBytes(line), cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Reads one (possibly multi-line "250-") reply; returns -1 and a reason on timeout, EOF or garbage.</summary>
    private async Task<(int Code, string Text)> ReadReplyAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_endpoint.Timeout);
        var len = 0;
        try
        {
            while (len < buffer.Length)
            {
                var n = await s.ReadAsync(buffer.AsMemory(len), cts.Token).ConfigureAwait(false);
                if (n == 0) return (-1, "connection closed");
                len += n;
                if (TryParseReply(buffer.AsSpan(0, len), out var code)) return (code, string.Empty);
            }
            return (-1, $"reply longer than {buffer.Length} bytes");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (-1, $"read timeout after {HttpGetClient.Secs(_endpoint.Timeout)}");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return (-1, "read error: " + HttpGetClient.Describe(ex));
        }
    }

    /// <summary>A complete reply: lines "NNN-text" continue, the last is "NNN text" or "NNN". Non-numeric is code 0.</summary>
    internal static bool TryParseReply(ReadOnlySpan<byte> data, out int code)
    {
        code = 0;
        var start = 0;
        while (true)
        {
            var nl = data[start..].IndexOf((byte)'\n');
            if (nl < 0) return false;
            var line = data.Slice(start, nl);
            start += nl + 1;
            if (line.Length < 3 || !(char.IsAsciiDigit((char)line[0]) && char.IsAsciiDigit((char)line[1]) && char.IsAsciiDigit((char)line[2])))
                return true; // not SMTP: code stays 0
            code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (line.Length == 3 || line[3] != '-') return true;
        }
    }
}
