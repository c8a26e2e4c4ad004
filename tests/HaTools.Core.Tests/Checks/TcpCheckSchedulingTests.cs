using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Linux.Tcp;

namespace HaTools.Core.Tests.Checks;

/// <summary>TCP_CHECK on the scheduler's Task-free path, on the real clock with short keepalived timings.</summary>
public sealed class TcpCheckSchedulingTests : IDisposable
{
    private readonly TcpConnectReactor _reactor = new("test-tcpcheck");
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public TcpCheckSchedulingTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4096);
    }

    public void Dispose()
    {
        _reactor.Dispose();
        _listener.Dispose();
    }

    private int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    private static readonly CheckerTiming Fast = new()
    {
        DelayLoop = TimeSpan.FromMilliseconds(50), ConnectTimeout = TimeSpan.FromSeconds(1), Retry = 1,
        DelayBeforeRetry = TimeSpan.FromMilliseconds(50), Warmup = TimeSpan.Zero,
    };

    private TcpHealthCheck Check(int port) => new(new CheckEndpoint(IPAddress.Loopback, port, null, 0, Fast.ConnectTimeout), null, _reactor);

    [Fact]
    public async Task Scheduled_tcp_check_goes_down_after_its_retry_with_keepalived_reason_and_comes_back_up()
    {
        // Own listener for this server, so "stopping the service" closes only it.
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(64);
        var port = ((IPEndPoint)server.LocalEndPoint!).Port;
        using var scheduler = new CheckScheduler(tick: TimeSpan.FromMilliseconds(5)) { ReportAttempts = false };
        var changes = new List<CheckEvent>();
        // The down reason comes from the event: by the time the test reads the check, its next re-check may
        // already have replaced LastReason (a plain refusal, no retry note).
        var down = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Event += e =>
        {
            lock (changes) changes.Add(e);
            if (e.Kind == CheckEventKind.StateChanged && e.State == CheckerState.Down) down.TrySetResult(e.Reason);
            else if (e.Kind == CheckEventKind.StateChanged) up.TrySetResult();
        };
        var sc = scheduler.Add(Check(port), Fast);
        await WaitUntil(() => sc.Attempts >= 3);
        Assert.Equal(CheckerState.Up, sc.State);
        Assert.Equal(TcpHealthCheck.ConnectedReason, sc.LastReason);
        Assert.True(sc.LastDuration > TimeSpan.Zero);

        server.Dispose();
        var downReason = await down.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"connect to 127.0.0.1:{port} failed: connection refused (failed after 1 retry)", downReason);

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
        again.Listen(64);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (changes)
        {
            // Attempts are counted, not reported: only the two changes became events.
            Assert.Equal(new[] { CheckerState.Down, CheckerState.Up }, changes.Select(c => c.State));
            Assert.All(changes, c => Assert.Equal(CheckEventKind.StateChanged, c.Kind));
        }
        Assert.True(scheduler.FailureCount >= 2);
    }

    [Fact]
    public async Task Attempt_events_are_still_raised_when_asked_for()
    {
        using var scheduler = new CheckScheduler(tick: TimeSpan.FromMilliseconds(5));
        var attempts = 0;
        scheduler.Event += e =>
        {
            if (e.Kind == CheckEventKind.Attempt && e.Success && e.Reason == TcpHealthCheck.ConnectedReason) Interlocked.Increment(ref attempts);
        };
        scheduler.Add(Check(Port), Fast);
        await WaitUntil(() => Volatile.Read(ref attempts) >= 3);
    }

    [Fact]
    public async Task One_shot_run_keeps_the_timed_reason()
    {
        var r = await Check(Port).RunAsync(default);
        Assert.True(r.Success, r.Reason);
        Assert.Matches(@"^connected in [0-9.]+ ms$", r.Reason);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 10 s");
            await Task.Delay(10);
        }
    }
}

/// <summary>Process-wide allocation figure for the scheduled TCP_CHECK path, so it runs alone.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class TcpCheckAllocationTests
{
    [Fact]
    public async Task Scheduled_tcp_checks_allocate_almost_nothing_per_attempt()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var reactor = new TcpConnectReactor("test-alloc");
        var timing = new CheckerTiming { DelayLoop = TimeSpan.FromMilliseconds(20), ConnectTimeout = TimeSpan.FromSeconds(1), Warmup = TimeSpan.FromMilliseconds(20) };
        using var scheduler = new CheckScheduler(tick: TimeSpan.FromMilliseconds(5)) { ReportAttempts = false };
        for (var i = 0; i < 20; i++)
            scheduler.Add(new TcpHealthCheck(new CheckEndpoint(IPAddress.Loopback, port, null, 0, timing.ConnectTimeout), null, reactor), timing);
        await Task.Delay(300); // warm up: JIT, wheel and reactor tables grown
        var a0 = GC.GetTotalAllocatedBytes(true);
        var n0 = scheduler.AttemptCount;
        await Task.Delay(1000);
        var perAttempt = (GC.GetTotalAllocatedBytes(true) - a0) / (double)Math.Max(1, scheduler.AttemptCount - n0);
        Assert.True(scheduler.AttemptCount - n0 >= 200, $"only {scheduler.AttemptCount - n0} attempts");
        Assert.Equal(0, scheduler.FailureCount);
        // Was ~2.3 KB with a Socket, a linked CancellationTokenSource, a Task and an event per attempt.
        Assert.True(perAttempt < 400, $"{perAttempt:0} bytes per attempt");
    }
}
