namespace HaTools.Core.Linux.Tcp;

/// <summary>
/// Told once how a connect ended. Runs on the reactor's thread (or, for an outcome known at once, on the
/// caller's thread inside <see cref="TcpConnectReactor.Connect"/>), so it must be short and must not block.
/// </summary>
public interface ITcpConnectCompletion
{
    void OnConnectCompleted(in TcpConnectOutcome outcome, object? state);
}
