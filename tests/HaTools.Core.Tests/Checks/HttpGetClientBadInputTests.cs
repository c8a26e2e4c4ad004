using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Tests.Checks;

/// <summary>Hostile or broken servers: every case is a failed GET with a reason, bounded in time and memory, no socket left open.</summary>
public sealed class HttpGetClientBadInputTests : IDisposable
{
    private readonly CannedHttpServer _server = new();

    public HttpGetClientBadInputTests()
    {
        // Says nothing, but notices when the client hangs up (so a leaked client socket would show).
        _server.Behaviour("/silent", async (s, _, ct) => { while (await s.ReadAsync(new byte[1], ct) > 0) { } });
        _server.Behaviour("/reset-mid-header", async (s, sock, ct) =>
        {
            await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Le"u8.ToArray(), ct);
            sock.LingerState = new LingerOption(true, 0);
            sock.Close();
        });
        _server.Behaviour("/endless-body", async (s, _, ct) =>
        {
            await s.WriteAsync("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray(), ct);
            var chunk = new byte[64 * 1024];
            while (!ct.IsCancellationRequested) await s.WriteAsync(chunk, ct);
        });
        _server.Behaviour("/trickle", async (s, _, ct) =>
        {
            await s.WriteAsync("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray(), ct);
            while (!ct.IsCancellationRequested)
            {
                await s.WriteAsync("x"u8.ToArray(), ct);
                await Task.Delay(50, ct);
            }
        });
        _server.Behaviour("/endless-header", async (s, _, ct) =>
        {
            await s.WriteAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), ct);
            while (!ct.IsCancellationRequested) await s.WriteAsync("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"u8.ToArray(), ct);
        });
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Refused_connection_is_a_failure_with_a_reason()
    {
        var port = UnusedPort();
        var r = await Get(port, "/", TimeSpan.FromSeconds(2));
        Assert.Equal(HttpGetFailure.ConnectRefused, r.Failure);
        Assert.Contains("connection refused", r.FailureReason);
    }

    [Fact]
    public async Task Connect_timeout_is_bounded_by_the_timeout()
    {
        // A listener whose accept queue is full drops further SYNs: the connect hangs until our timeout.
        using var full = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        full.Listen(0);
        var port = ((IPEndPoint)full.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var f = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(f);
                using var cts = new CancellationTokenSource(300);
                try { await f.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token); } catch (OperationCanceledException) { break; }
            }
            var sw = Stopwatch.StartNew();
            var r = await Get(port, "/", TimeSpan.FromMilliseconds(400));
            Assert.Equal(HttpGetFailure.ConnectTimeout, r.Failure);
            Assert.Equal("connect timeout after 0.4 s", r.FailureReason);
            Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Silent_server_is_a_read_timeout()
    {
        var sw = Stopwatch.StartNew();
        var r = await Get(_server.Port, "/silent", TimeSpan.FromMilliseconds(300));
        Assert.Equal(HttpGetFailure.ReadTimeout, r.Failure);
        Assert.Equal("read timeout after 0.3 s", r.FailureReason);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        await AssertNoOpenServerConnections();
    }

    [Fact]
    public async Task Reset_is_a_read_error()
    {
        var r = await Get(_server.Port, "/reset-mid-header", TimeSpan.FromSeconds(2));
        Assert.Equal(HttpGetFailure.ReadError, r.Failure);
        Assert.Contains("connection reset by peer", r.FailureReason);
    }

    [Fact]
    public async Task Endless_body_stops_at_the_body_limit()
    {
        var r = await new HttpGetClient().GetAsync(new HttpGetRequest
        {
            Server = IPAddress.Loopback, Port = _server.Port, Path = "/endless-body", MaxBodyBytes = 2 * 1024 * 1024, Timeout = TimeSpan.FromSeconds(2),
        });
        Assert.Equal(HttpGetFailure.BodyTooLarge, r.Failure);
        Assert.Equal(200, r.StatusCode);
        await AssertNoOpenServerConnections();
    }

    [Fact]
    public async Task Trickling_body_stops_at_the_total_timeout()
    {
        var sw = Stopwatch.StartNew();
        var r = await new HttpGetClient().GetAsync(new HttpGetRequest
        {
            Server = IPAddress.Loopback, Port = _server.Port, Path = "/trickle", Timeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromMilliseconds(800),
        });
        Assert.Equal(HttpGetFailure.TotalTimeout, r.Failure);
        Assert.Equal("no complete response within 0.8 s", r.FailureReason);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(3));
        await AssertNoOpenServerConnections();
    }

    [Fact]
    public async Task Endless_header_fails_at_keepalived_header_limit()
    {
        var r = await Get(_server.Port, "/endless-header", TimeSpan.FromSeconds(2));
        Assert.Equal(HttpGetFailure.HeaderTooLarge, r.Failure);
        Assert.Contains("4095", r.FailureReason);
        await AssertNoOpenServerConnections();
    }

    [Fact]
    public async Task Tls_to_a_plain_http_server_is_a_handshake_failure()
    {
        _server.Text("/", "HTTP/1.0 400 Bad Request\r\n\r\n");
        var r = await new HttpGetClient().GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = _server.Port, UseSsl = true, Timeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(HttpGetFailure.TlsHandshakeFailed, r.Failure);
        Assert.StartsWith("TLS handshake", r.FailureReason);
    }

    [Fact]
    public async Task Bind_address_is_used_as_the_source()
    {
        string? peer = null;
        _server.Behaviour("/who", async (s, sock, ct) =>
        {
            peer = ((IPEndPoint)sock.RemoteEndPoint!).Address.ToString();
            await s.WriteAsync("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray(), ct);
        });
        var r = await new HttpGetClient().GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = _server.Port, Path = "/who", BindAddress = IPAddress.Parse("127.0.0.9") });
        Assert.True(r.Succeeded, r.FailureReason);
        Assert.Equal("127.0.0.9", peer);
    }

    [Fact]
    public async Task Many_failures_leave_no_socket_open()
    {
        var before = OpenSocketCount();
        for (var i = 0; i < 30; i++)
        {
            await Get(_server.Port, "/reset-mid-header", TimeSpan.FromSeconds(2));
            await Get(_server.Port, "/silent", TimeSpan.FromMilliseconds(20));
            await Get(UnusedPort(), "/", TimeSpan.FromSeconds(1));
        }
        await AssertNoOpenServerConnections();
        Assert.InRange(OpenSocketCount() - before, -1000, 5);
    }

    private Task<HttpGetResult> Get(int port, string path, TimeSpan timeout) =>
        new HttpGetClient().GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = port, Path = path, Timeout = timeout });

    private async Task AssertNoOpenServerConnections()
    {
        for (var i = 0; i < 100 && _server.OpenConnections > 0; i++) await Task.Delay(20);
        Assert.Equal(0, _server.OpenConnections);
    }

    private static int UnusedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int OpenSocketCount() =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(f =>
        {
            try { return new FileInfo(f).LinkTarget?.StartsWith("socket:") == true; } catch { return false; }
        });
}
