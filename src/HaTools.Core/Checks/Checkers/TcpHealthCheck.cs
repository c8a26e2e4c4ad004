using HaTools.Core.Checks.Net;
using HaTools.Core.Linux.Tcp;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// TCP_CHECK: a connect that succeeds within connect_timeout; the connection is closed at once (with a
/// reset on Linux, as keepalived does). Scheduled attempts use <see cref="Start"/>: one non-blocking connect
/// on the shared <see cref="TcpConnectReactor"/>, no Task, no allocation (reasons are cached strings).
/// </summary>
public sealed class TcpHealthCheck : ICallbackHealthCheck, ITcpConnectCompletion
{
    /// <summary>The scheduled path's success reason; the time is in the attempt's duration.</summary>
    public const string ConnectedReason = "connected";

    private readonly CheckEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly System.Net.IPEndPoint _target;
    private readonly TcpConnectTarget? _connect;
    private readonly TcpConnectReactor? _reactor;
    private ICheckCompletion? _completion;
    private object? _completionState;
    private TcpConnectStage _lastStage;
    private int _lastErrno = -1;
    private string? _lastReason;

    public TcpHealthCheck(CheckEndpoint endpoint, TimeProvider? time = null)
        : this(endpoint, time, OperatingSystem.IsLinux() ? TcpConnectReactor.Shared : null)
    {
    }

    /// <summary>With a reactor of the caller's (tests); null uses .NET sockets (any OS).</summary>
    public TcpHealthCheck(CheckEndpoint endpoint, TimeProvider? time, TcpConnectReactor? reactor)
    {
        _endpoint = endpoint;
        _time = time ?? TimeProvider.System;
        _target = new System.Net.IPEndPoint(endpoint.Address, endpoint.Port);
        // bind_if/fwmark are setsockopt calls on a .NET socket: such a checker takes the portable path.
        _reactor = endpoint.SocketOptions is null ? reactor : null;
        if (_reactor != null) _connect = new TcpConnectTarget(_target, endpoint.BindTo, endpoint.BindPort, endpoint.Timeout);
        Target = $"TCP_CHECK {endpoint}";
    }

    public string Kind => "TCP_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        if (_reactor != null)
        {
            var probe = new OneShot();
            _reactor.Connect(_connect!, keepSocket: false, probe, null);
            var outcome = await probe.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Connected) return CheckAttempt.Ok($"connected in {outcome.Elapsed.TotalMilliseconds:0.#} ms", outcome.Elapsed);
            return CheckAttempt.Fail(TcpConnector.Describe(outcome, _connect!).Reason, outcome.Elapsed);
        }
        var r = await TcpConnector.ConnectAsync(_target, _endpoint.BindTo, _endpoint.BindPort, _endpoint.Timeout, cancellationToken, _endpoint.SocketOptions).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = _time.GetElapsedTime(start);
        if (r.Socket is null) return CheckAttempt.Fail(r.Reason, elapsed);
        r.Socket.Dispose();
        return CheckAttempt.Ok($"connected in {elapsed.TotalMilliseconds:0.#} ms", elapsed);
    }

    public void Start(ICheckCompletion completion, object? state)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (_reactor is null)
        {
            _ = RunPortableAsync(completion, state);
            return;
        }
        // One attempt at a time (the scheduler's contract), so the caller's completion can wait in fields.
        _completion = completion;
        _completionState = state;
        _reactor.Connect(_connect!, keepSocket: false, this, null);
    }

    void ITcpConnectCompletion.OnConnectCompleted(in TcpConnectOutcome outcome, object? state)
    {
        var completion = _completion!;
        var completionState = _completionState;
        _completion = null;
        _completionState = null;
        var reason = outcome.Connected ? ConnectedReason : FailureReason(outcome);
        completion.OnCheckCompleted(new CheckOutcome(outcome.Connected, reason, outcome.Elapsed), completionState);
    }

    // A server that keeps failing fails the same way: build its reason once, not once per attempt.
    private string FailureReason(in TcpConnectOutcome outcome)
    {
        if (_lastReason != null && outcome.Stage == _lastStage && outcome.Errno == _lastErrno) return _lastReason;
        var reason = TcpConnector.Describe(outcome, _connect!).Reason;
        _lastStage = outcome.Stage;
        _lastErrno = outcome.Errno;
        _lastReason = reason;
        return reason;
    }

    private async Task RunPortableAsync(ICheckCompletion completion, object? state)
    {
        CheckAttempt attempt;
        try
        {
            attempt = await RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            attempt = CheckAttempt.Fail($"checker error: {ex.GetType().Name}: {ex.Message}");
        }
        completion.OnCheckCompleted(CheckOutcome.From(attempt), state);
    }

    private sealed class OneShot : TaskCompletionSource<TcpConnectOutcome>, ITcpConnectCompletion
    {
        public OneShot()
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
        }

        public void OnConnectCompleted(in TcpConnectOutcome outcome, object? state) => TrySetResult(outcome);
    }
}
