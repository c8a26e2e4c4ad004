namespace HaTools.Core.Linux.Tcp;

/// <summary>Where a connect attempt stopped.</summary>
public enum TcpConnectStage
{
    /// <summary>The three-way handshake completed.</summary>
    Connected,

    /// <summary>socket() or a socket option failed (out of descriptors, SO_MARK without CAP_NET_ADMIN).</summary>
    Socket,

    /// <summary>bind() to bindto/bind_port failed.</summary>
    Bind,

    /// <summary>connect() failed at once or the handshake failed (refused, unreachable): see the errno.</summary>
    Connect,

    /// <summary>connect_timeout passed first.</summary>
    Timeout,

    /// <summary>The caller cancelled, or the reactor was disposed.</summary>
    Cancelled,
}

/// <summary>
/// How one connect ended: stage, errno (0 when connected or timed out), the socket when the caller asked to
/// keep it (else -1: the reactor closed it), and the time from socket() to the outcome.
/// </summary>
public readonly record struct TcpConnectOutcome(TcpConnectStage Stage, int Errno, int Fd, TimeSpan Elapsed)
{
    public bool Connected => Stage == TcpConnectStage.Connected;
}
