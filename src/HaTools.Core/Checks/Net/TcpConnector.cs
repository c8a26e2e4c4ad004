using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Checks.Net;

/// <summary>
/// Non-blocking TCP connect with keepalived's knobs (bindto, bind_port, connect_timeout). Failures are
/// values with a reason, never exceptions; the socket is closed on every failure path (no leaks).
/// </summary>
public static class TcpConnector
{
    public static ValueTask<ConnectResult> ConnectAsync(IPAddress server, int port, IPAddress? bindAddress, int bindPort,
        TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null, CheckSocketOptions? socketOptions = null) =>
        ConnectAsync(new IPEndPoint(server, port), bindAddress, bindPort, timeout, cancellationToken, socketOptions);

    /// <summary>The same with an endpoint the caller keeps (a checker connects to one endpoint for its whole life).</summary>
    public static async ValueTask<ConnectResult> ConnectAsync(IPEndPoint endpoint, IPAddress? bindAddress, int bindPort,
        TimeSpan timeout, CancellationToken cancellationToken, CheckSocketOptions? socketOptions = null)
    {
        var server = endpoint.Address;
        var port = endpoint.Port;
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (socketOptions?.TryApply(socket) is { } refused)
            {
                socket.Dispose();
                return new ConnectResult(null, ConnectFailure.Other, refused);
            }
            if (bindAddress != null || bindPort != 0)
            {
                try
                {
                    socket.Bind(new IPEndPoint(bindAddress ?? (server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any), bindPort));
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    return new ConnectResult(null, ConnectFailure.BindFailed, $"cannot bind to {bindAddress}:{bindPort}: {HttpGetClient.SocketErrorText(ex.SocketErrorCode)}");
                }
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
            return new ConnectResult(socket, ConnectFailure.None, string.Empty);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return new ConnectResult(null, ConnectFailure.Timeout, $"connect timeout after {HttpGetClient.Secs(timeout)}");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var failure = ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ConnectFailure.Refused,
                SocketError.TimedOut => ConnectFailure.Timeout,
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => ConnectFailure.Unreachable,
                _ => ConnectFailure.Other,
            };
            return new ConnectResult(null, failure, $"connect to {Format(server, port)} failed: {HttpGetClient.SocketErrorText(ex.SocketErrorCode)}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static string Format(IPAddress a, int port) =>
        a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]:{port}" : $"{a}:{port}";
}
