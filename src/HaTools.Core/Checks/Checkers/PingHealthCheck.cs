using System.Net.NetworkInformation;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// PING_CHECK: one ICMP echo answered within connect_timeout. Uses .NET's Ping (an ICMP socket as root or
/// with ping_group_range, else the system ping), so no raw-socket code of our own is needed.
/// </summary>
public sealed class PingHealthCheck : IHealthCheck
{
    private readonly CheckEndpoint _endpoint;
    private readonly TimeProvider _time;

    public PingHealthCheck(CheckEndpoint endpoint, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _time = time ?? TimeProvider.System;
        Target = $"PING_CHECK {endpoint.Address}";
    }

    public string Kind => "PING_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        using var ping = new Ping();
        try
        {
            var reply = await ping.SendPingAsync(_endpoint.Address, _endpoint.Timeout, new byte[16], null, cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(start);
            return reply.Status == IPStatus.Success
                ? CheckAttempt.Ok($"echo reply in {reply.RoundtripTime} ms", elapsed)
                : CheckAttempt.Fail(reply.Status == IPStatus.TimedOut ? $"no echo reply within {HttpGetClient.Secs(_endpoint.Timeout)}" : $"ping: {reply.Status}", elapsed);
        }
        catch (PingException ex)
        {
            return CheckAttempt.Fail("ping failed: " + (ex.InnerException?.Message ?? ex.Message), _time.GetElapsedTime(start));
        }
    }
}
