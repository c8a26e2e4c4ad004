using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Http;
using HaTools.Core.Linux;
using HaTools.Core.Linux.Tcp;

namespace HaTools.Core.Checks.Net;

/// <summary>
/// Non-blocking TCP connect with keepalived's knobs (bindto, bind_port, connect_timeout). Failures are
/// values with a reason, never exceptions; the socket is closed on every failure path (no leaks). On Linux
/// the connect runs on the shared <see cref="TcpConnectReactor"/> (its deadline queue enforces the timeout).
/// </summary>
public static class TcpConnector
{
    public static ValueTask<ConnectResult> ConnectAsync(IPAddress server, int port, IPAddress? bindAddress, int bindPort,
        TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null, CheckSocketOptions? socketOptions = null) =>
        ConnectAsync(new IPEndPoint(server, port), bindAddress, bindPort, timeout, cancellationToken, socketOptions);

    /// <summary>The same with an endpoint the caller keeps (a checker connects to one endpoint for its whole life).</summary>
    public static ValueTask<ConnectResult> ConnectAsync(IPEndPoint endpoint, IPAddress? bindAddress, int bindPort,
        TimeSpan timeout, CancellationToken cancellationToken, CheckSocketOptions? socketOptions = null) =>
        // bind_if/fwmark are set on a .NET socket before connect, so those connects take the portable path.
        OperatingSystem.IsLinux() && socketOptions is null
            ? ConnectAsync(new TcpConnectTarget(endpoint, bindAddress, bindPort, timeout), TcpConnectReactor.Shared, cancellationToken)
            : ConnectPortableAsync(endpoint, bindAddress, bindPort, timeout, cancellationToken, socketOptions);

    /// <summary>Connects through <paramref name="reactor"/> and hands the connected descriptor to a <see cref="Socket"/>.</summary>
    public static async ValueTask<ConnectResult> ConnectAsync(TcpConnectTarget target, TcpConnectReactor reactor, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return new ConnectResult(null, ConnectFailure.Timeout, TimeoutReason(target.Timeout));
        var pending = new PendingConnect();
        var id = reactor.Connect(target, keepSocket: true, pending, null);
        TcpConnectOutcome outcome;
        using (id != 0 && cancellationToken.CanBeCanceled
                   ? cancellationToken.UnsafeRegister(static s => { var (r, i) = ((TcpConnectReactor, long))s!; r.Cancel(i); }, (reactor, id))
                   : default)
        {
            outcome = await pending.Task.ConfigureAwait(false);
        }
        if (outcome.Stage != TcpConnectStage.Connected)
        {
            var (failure, reason) = Describe(outcome, target);
            return new ConnectResult(null, failure, reason);
        }
        try
        {
            return new ConnectResult(new Socket(new SafeSocketHandle(outcome.Fd, ownsHandle: true)), ConnectFailure.None, string.Empty);
        }
        catch (SocketException ex)
        {
            return new ConnectResult(null, ConnectFailure.Other, $"connect to {Format(target.EndPoint.Address, target.EndPoint.Port)} failed: {HttpGetClient.SocketErrorText(ex.SocketErrorCode)}");
        }
    }

    /// <summary>
    /// The failure and the reason an operator reads for a connect that did not succeed: the same words as
    /// the portable path ("connect to 10.0.0.11:80 failed: connection refused", "connect timeout after 3 s").
    /// </summary>
    public static (ConnectFailure Failure, string Reason) Describe(in TcpConnectOutcome outcome, TcpConnectTarget target)
    {
        var server = target.EndPoint.Address;
        var port = target.EndPoint.Port;
        return outcome.Stage switch
        {
            TcpConnectStage.Connected => (ConnectFailure.None, string.Empty),
            TcpConnectStage.Timeout or TcpConnectStage.Cancelled => (ConnectFailure.Timeout, TimeoutReason(target.Timeout)),
            TcpConnectStage.Bind => (ConnectFailure.BindFailed, $"cannot bind to {target.BindAddress}:{target.BindPort}: {ErrnoText(outcome.Errno)}"),
            TcpConnectStage.Socket => (ConnectFailure.Other, $"cannot open a socket for {Format(server, port)}: {ErrnoText(outcome.Errno)}"),
            _ => (outcome.Errno switch
            {
                Errno.ECONNREFUSED => ConnectFailure.Refused,
                Errno.ETIMEDOUT => ConnectFailure.Timeout,
                Errno.EHOSTUNREACH or Errno.ENETUNREACH => ConnectFailure.Unreachable,
                _ => ConnectFailure.Other,
            }, $"connect to {Format(server, port)} failed: {ErrnoText(outcome.Errno)}"),
        };
    }

    /// <summary>errno in the words <see cref="HttpGetClient.SocketErrorText"/> uses for the same condition.</summary>
    public static string ErrnoText(int errno) => errno switch
    {
        Errno.ECONNREFUSED => "connection refused",
        Errno.ECONNRESET => "connection reset by peer",
        Errno.EHOSTUNREACH => "host unreachable",
        Errno.ENETUNREACH => "network unreachable",
        Errno.ETIMEDOUT => "timed out",
        Errno.EADDRNOTAVAIL => "address not available",
        Errno.EADDRINUSE => "address already in use",
        Errno.EACCES or Errno.EPERM => "permission denied",
        _ => LinuxError.Name(errno),
    };

    private static string TimeoutReason(TimeSpan timeout) => $"connect timeout after {HttpGetClient.Secs(timeout)}";

    private sealed class PendingConnect : TaskCompletionSource<TcpConnectOutcome>, ITcpConnectCompletion
    {
        // Continuations leave the reactor thread: the caller goes on to TLS and HTTP there.
        public PendingConnect()
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
        }

        public void OnConnectCompleted(in TcpConnectOutcome outcome, object? state) => TrySetResult(outcome);
    }

    private static async ValueTask<ConnectResult> ConnectPortableAsync(IPEndPoint endpoint, IPAddress? bindAddress, int bindPort,
        TimeSpan timeout, CancellationToken cancellationToken, CheckSocketOptions? socketOptions)
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
            return new ConnectResult(null, ConnectFailure.Timeout, TimeoutReason(timeout));
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
