using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// UDP_CHECK as keepalived 2.2 (check_udp.c): send the payload on a connected socket; an ICMP error (port/host
/// unreachable) fails the check. Without require_reply, silence until connect_timeout or any reply is success.
/// With require_reply a reply must come; only when require_reply gives a hex string is the reply's length held
/// to min_reply_length..max_reply_length and its first bytes compared (up to the shorter of reply and pattern,
/// X nibbles are wildcards). keepalived's man page says the lengths apply to a bare require_reply too; its code
/// does not, and the code is what runs. The reply is read into max_reply_length + 1 bytes, as keepalived's buffer.
/// </summary>
public sealed class UdpHealthCheck : IHealthCheck
{
    private readonly CheckEndpoint _endpoint;
    private readonly byte[]? _payload;
    private readonly bool _requireReply;
    private readonly (byte Value, byte Mask)[] _pattern;
    private readonly int _minLength;
    private readonly int _maxLength;
    private readonly TimeProvider _time;

    public UdpHealthCheck(CheckEndpoint endpoint, string? payloadHex = null, bool requireReply = false, string? replyPatternHex = null,
        int minReplyLength = 0, int maxReplyLength = 255, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _payload = payloadHex is null ? null : ParseHex(payloadHex, allowWildcards: false).Select(p => p.Value).ToArray();
        _requireReply = requireReply || replyPatternHex != null;
        _pattern = replyPatternHex is null ? Array.Empty<(byte, byte)>() : ParseHex(replyPatternHex, allowWildcards: true);
        _minLength = Math.Clamp(minReplyLength, 0, 65535);
        _maxLength = Math.Clamp(maxReplyLength, 0, 65535);
        _time = time ?? TimeProvider.System;
        Target = $"UDP_CHECK {endpoint}";
    }

    public string Kind => "UDP_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        using var socket = new Socket(_endpoint.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_endpoint.Timeout);
        try
        {
            if (_endpoint.SocketOptions?.TryApply(socket) is { } refused) return CheckAttempt.Fail(refused, _time.GetElapsedTime(start));
            if (_endpoint.BindTo != null || _endpoint.BindPort != 0)
                socket.Bind(new IPEndPoint(_endpoint.BindTo ?? (_endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any), _endpoint.BindPort));
            await socket.ConnectAsync(new IPEndPoint(_endpoint.Address, _endpoint.Port), cts.Token).ConfigureAwait(false);
            var payload = _payload ?? RandomPayload();
            await socket.SendAsync(payload, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[_maxLength + 1];
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
            {
                n = buffer.Length; // truncated: longer than max_reply_length, as keepalived's recv sees it
            }
            var elapsed = _time.GetElapsedTime(start);
            if (_pattern.Length == 0) return CheckAttempt.Ok($"UDP reply of {n} bytes", elapsed);
            if (n < _minLength || n > _maxLength)
                return CheckAttempt.Fail($"UDP reply of {(n > _maxLength ? $"more than {_maxLength}" : n.ToString(CultureInfo.InvariantCulture))} bytes, expected {_minLength}-{_maxLength}", elapsed);
            for (var i = 0; i < Math.Min(n, _pattern.Length); i++)
                if ((buffer[i] & _pattern[i].Mask) != _pattern[i].Value)
                    return CheckAttempt.Fail($"UDP reply differs from require_reply at byte {i}", elapsed);
            return CheckAttempt.Ok($"UDP reply of {n} bytes matches", elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(start);
            return _requireReply
                ? CheckAttempt.Fail($"no UDP reply within {HttpGetClient.Secs(_endpoint.Timeout)}", elapsed)
                : CheckAttempt.Ok($"no ICMP error within {HttpGetClient.Secs(_endpoint.Timeout)}", elapsed);
        }
        catch (SocketException ex)
        {
            var what = ex.SocketErrorCode == SocketError.ConnectionRefused ? "port unreachable" : HttpGetClient.SocketErrorText(ex.SocketErrorCode);
            return CheckAttempt.Fail($"UDP to {_endpoint}: {what}", _time.GetElapsedTime(start));
        }
    }

    private static byte[] RandomPayload()
    {
        var b = new byte[16];
        Random.Shared.NextBytes(b);
        return b;
    }

    /// <summary>
    /// keepalived's free-form hex: blank-separated groups, each group read two nibbles per byte with an
    /// odd group's last nibble as its own byte ("Ab12f 3" is AB 12 0F 03); X is a wildcard nibble.
    /// </summary>
    public static (byte Value, byte Mask)[] ParseHex(string text, bool allowWildcards)
    {
        var result = new List<(byte, byte)>();
        foreach (var group in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            for (var i = 0; i < group.Length; i += 2)
            {
                var pair = i + 1 < group.Length ? group.Substring(i, 2) : "0" + group[i];
                byte value = 0, mask = 0;
                foreach (var c in pair)
                {
                    value <<= 4;
                    mask <<= 4;
                    if (c is 'x' or 'X' && allowWildcards) continue;
                    if (!byte.TryParse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var nibble))
                        throw new HaToolsException("HexStringInvalid", HaToolsErrorKind.InvalidArgument, $"'{text}' is not a hex string ('{c}').", text);
                    value |= nibble;
                    mask |= 0xF;
                }
                result.Add((value, mask));
            }
        }
        return result.ToArray();
    }
}
