using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// DNS_CHECK: one UDP query (type and name from the config, default SOA for "."); up when a reply with
/// our id and RCODE NOERROR comes back within connect_timeout. Replies with another id are ignored
/// (counted), not trusted; an ICMP port unreachable is a failure at once.
/// </summary>
public sealed class DnsHealthCheck : IHealthCheck
{
    private readonly CheckEndpoint _endpoint;
    private readonly string _name;
    private readonly ushort _type;
    private readonly string _typeName;
    private readonly TimeProvider _time;

    public DnsHealthCheck(CheckEndpoint endpoint, string type = "SOA", string name = ".", TimeProvider? time = null)
    {
        if (!DnsMessage.Types.TryGetValue(type, out _type))
            throw new HaToolsException("DnsCheckTypeInvalid", HaToolsErrorKind.InvalidArgument, $"DNS_CHECK type '{type}' is not one of {string.Join(", ", DnsMessage.Types.Keys)}.", type);
        _endpoint = endpoint;
        _name = string.IsNullOrEmpty(name) ? "." : name;
        _typeName = type.ToUpperInvariant();
        _time = time ?? TimeProvider.System;
        Target = $"DNS_CHECK {endpoint}";
    }

    public string Kind => "DNS_CHECK";

    public string Target { get; }

    /// <summary>Datagrams dropped because they were not our reply (wrong id, too short, not a response).</summary>
    public long IgnoredReplies => Interlocked.Read(ref _ignored);

    private long _ignored;

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var id = (ushort)Random.Shared.Next(0, 65536);
        using var socket = new Socket(_endpoint.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_endpoint.Timeout);
        try
        {
            if (_endpoint.BindTo != null || _endpoint.BindPort != 0)
                socket.Bind(new IPEndPoint(_endpoint.BindTo ?? (_endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any), _endpoint.BindPort));
            await socket.ConnectAsync(new IPEndPoint(_endpoint.Address, _endpoint.Port), cts.Token).ConfigureAwait(false);
            await socket.SendAsync(DnsMessage.BuildQuery(id, _name, _type), SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[1500];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (!DnsMessage.TryReadReply(buffer.AsSpan(0, n), out var reply, out _) || reply.Id != id)
                {
                    Interlocked.Increment(ref _ignored);
                    continue;
                }
                var elapsed = _time.GetElapsedTime(start);
                return reply.ResponseCode == 0
                    ? CheckAttempt.Ok($"DNS {_typeName} {_name}: NOERROR, {reply.AnswerCount} answer(s) in {elapsed.TotalMilliseconds:0.#} ms", elapsed)
                    : CheckAttempt.Fail($"DNS {_typeName} {_name}: {DnsMessage.ResponseCodeName(reply.ResponseCode)}", elapsed);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckAttempt.Fail($"no DNS reply within {HttpGetClient.Secs(_endpoint.Timeout)}", _time.GetElapsedTime(start));
        }
        catch (SocketException ex)
        {
            return CheckAttempt.Fail("DNS query failed: " + (ex.SocketErrorCode == SocketError.ConnectionRefused ? "port unreachable" : HttpGetClient.SocketErrorText(ex.SocketErrorCode)), _time.GetElapsedTime(start));
        }
    }
}
