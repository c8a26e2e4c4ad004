using HaTools.Core.Checks.Net;

namespace HaTools.Core.Checks.Checkers;

/// <summary>TCP_CHECK: a connect that succeeds within connect_timeout; the connection is closed at once.</summary>
public sealed class TcpHealthCheck : IHealthCheck
{
    private readonly CheckEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly System.Net.IPEndPoint _target;

    public TcpHealthCheck(CheckEndpoint endpoint, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _time = time ?? TimeProvider.System;
        _target = new System.Net.IPEndPoint(endpoint.Address, endpoint.Port);
        Target = $"TCP_CHECK {endpoint}";
    }

    public string Kind => "TCP_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var r = await TcpConnector.ConnectAsync(_target, _endpoint.BindTo, _endpoint.BindPort, _endpoint.Timeout, cancellationToken, _endpoint.SocketOptions).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = _time.GetElapsedTime(start);
        if (r.Socket is null) return CheckAttempt.Fail(r.Reason, elapsed);
        r.Socket.Dispose();
        return CheckAttempt.Ok($"connected in {elapsed.TotalMilliseconds:0.#} ms", elapsed);
    }
}
