using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks.Net;
using HaTools.Core.Linux;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Tcp;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// The epoll connect reactor behind TCP_CHECK and the HTTP/SMTP connect path, against real loopback sockets:
/// every way a connect ends, bindto, cancellation, and no descriptor left behind. It counts the process's
/// descriptors, so it runs alone (no other test class opens sockets meanwhile).
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class TcpConnectReactorTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TcpConnectReactor _reactor = new("test-connect");
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public TcpConnectReactorTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
    }

    private int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Dispose()
    {
        _reactor.Dispose();
        _listener.Dispose();
    }

    private Task<TcpConnectOutcome> ConnectAsync(TcpConnectTarget target, bool keep = false)
    {
        var c = new Completion();
        _reactor.Connect(target, keep, c, null);
        return c.Task;
    }

    private static TcpConnectTarget To(int port, TimeSpan? timeout = null, IPAddress? bind = null, IPAddress? address = null) =>
        new(new IPEndPoint(address ?? IPAddress.Loopback, port), bind, 0, timeout ?? TimeSpan.FromSeconds(2));

    private static int ClosedPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>
    /// A listener with a backlog of 0 that nobody accepts from: once its queue is full it drops SYNs, so further
    /// handshakes never complete (no traffic leaves lo).
    /// </summary>
    private static Socket ListenerWithFullQueue(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public async Task Connect_to_a_listening_port_reports_connected_and_the_reactor_closes_the_probe()
    {
        var o = await ConnectAsync(To(Port)).WaitAsync(Wait);
        Assert.Equal(TcpConnectStage.Connected, o.Stage);
        Assert.Equal(0, o.Errno);
        Assert.Equal(-1, o.Fd);
        // The probe closes with SO_LINGER 0: the server sees a reset, not an orderly FIN (keepalived's TCP_CHECK).
        using var server = _listener.Accept();
        var e = Assert.Throws<SocketException>(() => server.Receive(new byte[1]));
        Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
    }

    [Fact]
    public async Task Keeping_the_socket_hands_over_a_connected_descriptor_that_a_dotnet_socket_can_use()
    {
        var o = await ConnectAsync(To(Port), keep: true).WaitAsync(Wait);
        Assert.Equal(TcpConnectStage.Connected, o.Stage);
        Assert.True(o.Fd >= 0);
        using var client = new Socket(new SafeSocketHandle(o.Fd, ownsHandle: true));
        using var server = _listener.Accept();
        await client.SendAsync(new byte[] { 42 }, SocketFlags.None);
        var buf = new byte[1];
        Assert.Equal(1, server.Receive(buf));
        Assert.Equal(42, buf[0]);
        Assert.Equal(server.RemoteEndPoint, client.LocalEndPoint);
    }

    [Fact]
    public async Task Closed_port_is_refused_with_ECONNREFUSED_and_the_operator_reason()
    {
        var port = ClosedPort();
        var target = To(port);
        var o = await ConnectAsync(target).WaitAsync(Wait);
        Assert.Equal(TcpConnectStage.Connect, o.Stage);
        Assert.Equal(Errno.ECONNREFUSED, o.Errno);
        var (failure, reason) = TcpConnector.Describe(o, target);
        Assert.Equal(ConnectFailure.Refused, failure);
        Assert.Equal($"connect to 127.0.0.1:{port} failed: connection refused", reason);
    }

    [Fact]
    public async Task Connect_that_gets_no_answer_times_out_at_connect_timeout()
    {
        using var full = ListenerWithFullQueue(out var port);
        var kept = new List<Socket>();
        try
        {
            TcpConnectOutcome o = default;
            for (var i = 0; i < 8; i++)
            {
                o = await ConnectAsync(To(port, TimeSpan.FromMilliseconds(300)), keep: true).WaitAsync(Wait);
                if (o.Stage != TcpConnectStage.Connected) break;
                kept.Add(new Socket(new SafeSocketHandle(o.Fd, ownsHandle: true)));
            }
            Assert.Equal(TcpConnectStage.Timeout, o.Stage);
            Assert.InRange(o.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(3));
            Assert.Equal(-1, o.Fd);
            Assert.Equal((ConnectFailure.Timeout, "connect timeout after 0.3 s"), TcpConnector.Describe(o, To(port, TimeSpan.FromMilliseconds(300))));
        }
        finally
        {
            foreach (var s in kept) s.Dispose();
        }
    }

    [Fact]
    public async Task Connect_without_a_route_is_unreachable_at_once()
    {
        // A fresh namespace has only lo (down) and no routes: connect fails with ENETUNREACH. The socket belongs
        // to the namespace of the thread that calls socket(), which is the caller's thread here.
        var ns = $"htcp{Environment.ProcessId}u";
        Ip($"netns add {ns}");
        try
        {
            var c = new Completion();
            var target = To(80, address: IPAddress.Parse("10.255.0.1"));
            var id = NetworkNamespace.Run(ns, () => _reactor.Connect(target, false, c, null));
            var o = await c.Task.WaitAsync(Wait);
            Assert.Equal(0, id); // known at once, told on the caller's thread
            Assert.Equal(TcpConnectStage.Connect, o.Stage);
            Assert.Equal(Errno.ENETUNREACH, o.Errno);
            Assert.Equal((ConnectFailure.Unreachable, "connect to 10.255.0.1:80 failed: network unreachable"), TcpConnector.Describe(o, target));
        }
        finally
        {
            Ip($"netns del {ns}");
        }
    }

    [Theory]
    [InlineData(true, TcpConnectStage.Connected)]
    [InlineData(false, TcpConnectStage.Connect)]
    public async Task Reactor_made_inside_a_lab_namespace_connects_from_the_process_namespace_when_asked(bool processNamespace, TcpConnectStage expected)
    {
        // Its thread would inherit the creator's namespace (only lo, down): scheduled checks connect on that thread.
        var ns = $"htcp{Environment.ProcessId}n{(processNamespace ? 1 : 0)}";
        Ip($"netns add {ns}");
        try
        {
            using var reactor = NetworkNamespace.Run(ns, () => new TcpConnectReactor("test-ns", processNamespace));
            var c = new Completion();
            var once = 0;
            using (reactor.AddTicker(TimeSpan.FromMilliseconds(5), () =>
                   {
                       if (Interlocked.Exchange(ref once, 1) == 0) reactor.Connect(To(Port), false, c, null);
                   }))
            {
                var o = await c.Task.WaitAsync(Wait);
                Assert.Equal(expected, o.Stage);
                if (!processNamespace) Assert.Equal(Errno.ENETUNREACH, o.Errno);
            }
        }
        finally
        {
            Ip($"netns del {ns}");
        }
    }

    [Fact]
    public async Task Ticker_fires_every_period_on_the_reactor_thread_until_disposed()
    {
        var threads = new HashSet<string?>();
        var count = 0;
        var watch = Stopwatch.StartNew();
        var ticker = _reactor.AddTicker(TimeSpan.FromMilliseconds(10), () =>
        {
            lock (threads) threads.Add(Thread.CurrentThread.Name);
            Interlocked.Increment(ref count);
        });
        await Task.Delay(300);
        ticker.Dispose();
        var seen = Volatile.Read(ref count);
        // One per 10 ms at most (a late tick does not fire twice); fewer on a loaded machine.
        Assert.InRange(seen, 5, (int)(watch.ElapsedMilliseconds / 10) + 1);
        await Task.Delay(100);
        Assert.Equal(seen, Volatile.Read(ref count));
        Assert.Equal(new[] { "test-connect" }, threads);
    }

    [Fact]
    public async Task Bindto_sets_the_source_address_the_server_sees()
    {
        var o = await ConnectAsync(To(Port, bind: IPAddress.Parse("127.0.0.7"))).WaitAsync(Wait);
        Assert.Equal(TcpConnectStage.Connected, o.Stage);
        using var server = _listener.Accept();
        Assert.Equal(IPAddress.Parse("127.0.0.7"), ((IPEndPoint)server.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task Bindto_an_address_this_host_does_not_have_fails_at_bind()
    {
        var target = To(Port, bind: IPAddress.Parse("192.0.2.55"));
        var o = await ConnectAsync(target).WaitAsync(Wait);
        Assert.Equal(TcpConnectStage.Bind, o.Stage);
        Assert.Equal(Errno.EADDRNOTAVAIL, o.Errno);
        Assert.Equal((ConnectFailure.BindFailed, "cannot bind to 192.0.2.55:0: address not available"), TcpConnector.Describe(o, target));
    }

    [Fact]
    public async Task Cancel_closes_a_connect_in_flight_and_reports_cancelled_once()
    {
        using var full = ListenerWithFullQueue(out var port);
        var kept = new List<Socket>();
        try
        {
            // Fill the queue, then one connect hangs until cancelled.
            for (var i = 0; i < 8; i++)
            {
                var c = new Completion();
                var id = _reactor.Connect(To(port, TimeSpan.FromSeconds(30)), true, c, null);
                var first = await Task.WhenAny(c.Task, Task.Delay(300));
                if (first == c.Task)
                {
                    kept.Add(new Socket(new SafeSocketHandle((await c.Task).Fd, ownsHandle: true)));
                    continue;
                }
                Assert.Equal(1, _reactor.InFlight);
                Assert.True(_reactor.Cancel(id));
                var o = await c.Task.WaitAsync(Wait);
                Assert.Equal(TcpConnectStage.Cancelled, o.Stage);
                Assert.False(_reactor.Cancel(id));
                Assert.Equal(0, _reactor.InFlight);
                Assert.Equal(1, c.Calls);
                return;
            }
            Assert.Fail("the accept queue never filled");
        }
        finally
        {
            foreach (var s in kept) s.Dispose();
        }
    }

    [Fact]
    public async Task Many_checks_of_every_outcome_leave_no_descriptor_behind()
    {
        var closed = ClosedPort();
        // Warm up once so lazily opened runtime descriptors are counted in "before".
        await ConnectAsync(To(Port)).WaitAsync(Wait);
        await ConnectAsync(To(closed)).WaitAsync(Wait);
        DrainAccepts();
        var before = OpenDescriptors();
        for (var round = 0; round < 10; round++)
        {
            var batch = new List<Task<TcpConnectOutcome>>();
            for (var i = 0; i < 100; i++)
            {
                batch.Add(ConnectAsync(To(Port)));
                batch.Add(ConnectAsync(To(closed)));
                batch.Add(ConnectAsync(To(Port, bind: IPAddress.Parse("192.0.2.55"))));
            }
            var outcomes = await Task.WhenAll(batch).WaitAsync(Wait);
            Assert.Equal(100, outcomes.Count(o => o.Connected));
            Assert.Equal(100, outcomes.Count(o => o.Stage == TcpConnectStage.Connect && o.Errno == Errno.ECONNREFUSED));
            Assert.Equal(100, outcomes.Count(o => o.Stage == TcpConnectStage.Bind));
            DrainAccepts();
        }
        Assert.Equal(0, _reactor.InFlight);
        Assert.Equal(_reactor.Started, _reactor.Completed);
        // 1,000 connects of each outcome: a leak on any path would show as hundreds; runtime noise is a few.
        Assert.InRange(OpenDescriptors(), before - 20, before + 20);
    }

    [Fact]
    public async Task Dispose_tells_connects_in_flight_they_were_cancelled()
    {
        using var full = ListenerWithFullQueue(out var port);
        var reactor = new TcpConnectReactor("test-dispose");
        var kept = new List<Socket>();
        var pending = new List<Task<TcpConnectOutcome>>();
        for (var i = 0; i < 6; i++)
        {
            var c = new Completion();
            reactor.Connect(To(port, TimeSpan.FromSeconds(30)), true, c, null);
            pending.Add(c.Task);
        }
        await Task.Delay(300);
        reactor.Dispose();
        var outcomes = await Task.WhenAll(pending).WaitAsync(Wait);
        foreach (var o in outcomes.Where(o => o.Connected)) kept.Add(new Socket(new SafeSocketHandle(o.Fd, ownsHandle: true)));
        Assert.Contains(outcomes, o => o.Stage == TcpConnectStage.Cancelled);
        Assert.All(outcomes, o => Assert.True(o.Connected || o.Stage == TcpConnectStage.Cancelled, o.ToString()));
        foreach (var s in kept) s.Dispose();
    }

    private static void Ip(string args)
    {
        using var p = Process.Start("ip", args)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ip {args} failed");
    }

    private void DrainAccepts()
    {
        _listener.Blocking = false;
        try
        {
            while (true)
            {
                try
                {
                    _listener.Accept().Dispose();
                }
                catch (SocketException)
                {
                    return;
                }
            }
        }
        finally
        {
            _listener.Blocking = true;
        }
    }

    private sealed class Completion : ITcpConnectCompletion
    {
        private readonly TaskCompletionSource<TcpConnectOutcome> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public Task<TcpConnectOutcome> Task => _tcs.Task;

        public int Calls => Volatile.Read(ref _calls);

        public void OnConnectCompleted(in TcpConnectOutcome outcome, object? state)
        {
            Interlocked.Increment(ref _calls);
            _tcs.TrySetResult(outcome);
        }
    }
}
