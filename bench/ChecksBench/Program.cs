using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Http;

// Usage: dotnet run -c Release --project bench/ChecksBench [tcp|digest|all] [seconds] [urls]
var what = args.Length > 0 ? args[0] : "all";
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var urls = args.Length > 2 ? int.Parse(args[2]) : 1000;

if (what is "tcp" or "all") await TcpChecks(1000, seconds);
if (what is "digest" or "all") await DigestVsGenhash(urls);

// 1,000 real servers, delay_loop 1 s: 1,000 TCP checks per second through one scheduler.
static async Task TcpChecks(int servers, int seconds)
{
    using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    listener.Listen(4096);
    var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    using var stop = new CancellationTokenSource();
    var acceptCpu = TimeSpan.Zero;
    var acceptor = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            try { using var c = await listener.AcceptAsync(stop.Token); } catch { break; }
        }
    });

    using var scheduler = new CheckScheduler();
    var latencies = new List<double>(servers * seconds * 2);
    long attempts = 0, failures = 0;
    scheduler.Event += e =>
    {
        if (e.Kind != CheckEventKind.Attempt) return;
        Interlocked.Increment(ref attempts);
        if (!e.Success) Interlocked.Increment(ref failures);
    };
    var timing = new CheckerTiming { DelayLoop = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2), Retry = 1, DelayBeforeRetry = TimeSpan.FromSeconds(1) };
    for (var i = 0; i < servers; i++)
        scheduler.Add(new TimedCheck(new TcpHealthCheck(new CheckEndpoint(IPAddress.Loopback, port, null, 0, timing.ConnectTimeout)), latencies), timing);

    await Task.Delay(TimeSpan.FromSeconds(2)); // warm up: first checks are spread over delay_loop
    var proc = Process.GetCurrentProcess();
    var cpu0 = proc.TotalProcessorTime;
    var alloc0 = GC.GetTotalAllocatedBytes(true);
    var n0 = Interlocked.Read(ref attempts);
    lock (latencies) latencies.Clear();
    var sw = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    proc.Refresh();
    var cpu = proc.TotalProcessorTime - cpu0;
    var alloc = GC.GetTotalAllocatedBytes(true) - alloc0;
    var n = Interlocked.Read(ref attempts) - n0;
    var wall = sw.Elapsed;
    stop.Cancel();
    double[] lat;
    lock (latencies) lat = latencies.OrderBy(x => x).ToArray();
    Console.WriteLine($"tcp: {servers} servers, delay_loop 1 s, {wall.TotalSeconds:0.0} s measured");
    Console.WriteLine($"tcp: {n / wall.TotalSeconds:0} checks/s, failures {Interlocked.Read(ref failures)}");
    Console.WriteLine($"tcp: CPU {cpu.TotalMilliseconds / wall.TotalMilliseconds * 100:0.0}% of one core (whole process, including the loopback acceptor)");
    Console.WriteLine($"tcp: {alloc / Math.Max(1, n):0} bytes allocated per check");
    Console.WriteLine($"tcp: connect latency p50 {P(lat, 0.5):0.000} ms, p99 {P(lat, 0.99):0.000} ms, max {(lat.Length > 0 ? lat[^1] : 0):0.000} ms");
}

static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

// The same 1,000 GETs, one after another: genhash (one process per URL) and our client.
static async Task DigestVsGenhash(int count)
{
    using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    listener.Listen(512);
    var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    var body = new byte[4096];
    new Random(1).NextBytes(body);
    var response = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Length: {body.Length}\r\n\r\n").Concat(body).ToArray();
    using var stop = new CancellationTokenSource();
    _ = Task.Run(async () =>
    {
        var buf = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            Socket c;
            try { c = await listener.AcceptAsync(stop.Token); } catch { break; }
            _ = Task.Run(async () =>
            {
                using (c)
                {
                    try
                    {
                        await c.ReceiveAsync(buf, SocketFlags.None);
                        await c.SendAsync(response, SocketFlags.None);
                        c.Shutdown(SocketShutdown.Send);
                    }
                    catch { }
                }
            });
        }
    });

    string? digest = null;
    var client = new HttpGetClient();
    await client.GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = port, Path = "/warm" });
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
        digest = (await client.GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = port, Path = $"/page{i}" })).Digest;
    var ours = sw.Elapsed;

    sw.Restart();
    string? theirs = null;
    for (var i = 0; i < count; i++)
    {
        var psi = new ProcessStartInfo("genhash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-s", "127.0.0.1", "-p", port.ToString(), "-u", $"/page{i}" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        theirs = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
    }
    var genhash = sw.Elapsed;
    stop.Cancel();
    Console.WriteLine($"digest: {count} URLs, 4 KiB bodies, sequential");
    Console.WriteLine($"digest: HttpGetClient {ours.TotalMilliseconds:0} ms ({ours.TotalMilliseconds / count:0.000} ms/URL)");
    Console.WriteLine($"digest: genhash       {genhash.TotalMilliseconds:0} ms ({genhash.TotalMilliseconds / count:0.000} ms/URL)");
    Console.WriteLine($"digest: same digest: {digest == theirs} ({digest})");
}

sealed class TimedCheck : IHealthCheck
{
    private readonly IHealthCheck _inner;
    private readonly List<double> _latencies;

    public TimedCheck(IHealthCheck inner, List<double> latencies)
    {
        _inner = inner;
        _latencies = latencies;
    }

    public string Kind => _inner.Kind;

    public string Target => _inner.Target;

    public async Task<CheckAttempt> RunAsync(CancellationToken ct)
    {
        var t = Stopwatch.GetTimestamp();
        var r = await _inner.RunAsync(ct);
        var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        lock (_latencies) _latencies.Add(ms);
        return r;
    }
}
