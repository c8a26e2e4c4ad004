using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;

// Usage: dotnet run -c Release --project bench/ChecksBench -- [tcp|http|detect|digest|all] [seconds per run] [runs] [urls]
// The loopback servers run in a child process ("acceptor" mode), so CPU is the checker process's alone.
var what = args.Length > 0 ? args[0] : "all";
if (what == "acceptor") return Acceptor.Run();
var seconds = args.Length > 1 ? int.Parse(args[1]) : 20;
var runs = args.Length > 2 ? int.Parse(args[2]) : 3;
var urls = args.Length > 3 ? int.Parse(args[3]) : 1000;

using var servers = AcceptorProcess.Start();
if (what is "tcp" or "all") await Bench.Steady("tcp", 1000, seconds, runs, servers);
if (what is "http" or "all") await Bench.Steady("http", 1000, seconds, runs, servers);
if (what is "mix" or "all") await Bench.Steady("mix", 1000, seconds, runs, servers);
if (what is "detect" or "all") await Bench.Detection(servers);
if (what is "digest" or "all") await Bench.DigestVsGenhash(urls);
return 0;

static class Bench
{
    static readonly CheckerTiming Timing = new() { DelayLoop = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2), Retry = 1, DelayBeforeRetry = TimeSpan.FromSeconds(1) };

    static IHealthCheck Tcp(int port) => new TcpHealthCheck(new CheckEndpoint(IPAddress.Loopback, port, null, 0, Timing.ConnectTimeout));

    static IHealthCheck Http(int port) => new HttpGetHealthCheck(new CheckEndpoint(IPAddress.Loopback, port, null, 0, Timing.ConnectTimeout),
        new HttpGetCheckOptions { Urls = new[] { new UrlCheckOptions { Path = "/health" } } });

    // N real servers, delay_loop 1 s, one scheduler: N checks per second, measured `runs` times.
    public static async Task Steady(string kind, int n, int seconds, int runs, AcceptorProcess servers)
    {
        // Only state changes become events (none here); the scheduler's counters count every attempt.
        using var scheduler = new CheckScheduler { ReportAttempts = false };
        var checks = new List<ScheduledCheck>();
        for (var i = 0; i < n; i++)
        {
            var http = kind == "http" || kind == "mix" && i % 2 == 1;
            checks.Add(scheduler.Add(http ? Http(servers.HttpPort) : Tcp(servers.TcpPort), Timing));
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // warm up: first checks are spread over delay_loop, JIT settles
        var cpus = new List<double>();
        var allocs = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var load0 = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var user0 = proc.UserProcessorTime;
            var alloc0 = GC.GetTotalAllocatedBytes(true);
            var gc0 = GC.CollectionCount(0);
            var n0 = scheduler.AttemptCount;
            var f0 = scheduler.FailureCount;
            var sw = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            proc.Refresh();
            var cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / sw.Elapsed.TotalMilliseconds * 100;
            var user = (proc.UserProcessorTime - user0).TotalMilliseconds / sw.Elapsed.TotalMilliseconds * 100;
            var done = scheduler.AttemptCount - n0;
            var alloc = (double)(GC.GetTotalAllocatedBytes(true) - alloc0) / Math.Max(1, done);
            var load1 = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            cpus.Add(cpu);
            var lat = checks.Select(c => c.LastDuration.TotalMilliseconds).OrderBy(x => x).ToArray();
            allocs.Add(alloc);
            Console.WriteLine($"{kind}: run {r + 1}: {done / sw.Elapsed.TotalSeconds:0} checks/s, failures {scheduler.FailureCount - f0}, CPU {cpu:0.0}% of one core (user {user:0.0}%, kernel {cpu - user:0.0}%), {alloc:0} B/check, gen0 GCs {GC.CollectionCount(0) - gc0}, last attempt time p50 {P(lat, 0.5):0.00} ms p99 {P(lat, 0.99):0.00} ms max {lat[^1]:0.00} ms, load {load0} -> {load1}");
        }
        Console.WriteLine($"{kind}: {n} servers, delay_loop 1 s, {runs} x {seconds} s: median CPU {Median(cpus):0.0}% of one core (checker process only), median {Median(allocs):0} B/check");
    }

    // Detection latency: 100 servers on one port that stops answering (refused); time from "down" to each
    // checker's DOWN event, and from "up" to UP. Bound: delay_loop + retry x delay_before_retry (+ a tick).
    public static async Task Detection(AcceptorProcess servers)
    {
        using var scheduler = new CheckScheduler { ReportAttempts = false };
        var downAt = new List<double>();
        var upAt = new List<double>();
        var clock = Stopwatch.StartNew();
        double flipped = 0;
        scheduler.Event += e =>
        {
            if (e.Kind != CheckEventKind.StateChanged) return;
            var t = clock.Elapsed.TotalMilliseconds - Volatile.Read(ref flipped);
            lock (downAt) (e.State == CheckerState.Down ? downAt : upAt).Add(t);
        };
        for (var i = 0; i < 900; i++) scheduler.Add(Tcp(servers.TcpPort), Timing);
        for (var i = 0; i < 100; i++) scheduler.Add(Tcp(servers.FlapPort), Timing);
        await Task.Delay(TimeSpan.FromSeconds(3));
        servers.Send("down"); // answers once a connect to the port is refused
        Volatile.Write(ref flipped, clock.Elapsed.TotalMilliseconds);
        await Task.Delay(TimeSpan.FromSeconds(4));
        servers.Send("up"); // answers once the port listens again
        Volatile.Write(ref flipped, clock.Elapsed.TotalMilliseconds);
        await Task.Delay(TimeSpan.FromSeconds(3));
        double[] d, u;
        lock (downAt)
        {
            d = downAt.OrderBy(x => x).ToArray();
            u = upAt.OrderBy(x => x).ToArray();
        }
        Console.WriteLine($"detect: 100 of 1,000 servers refuse (delay_loop 1 s, retry 1, delay_before_retry 1 s; bound 2 s): {d.Length} went DOWN after p50 {P(d, 0.5):0} ms, p99 {P(d, 0.99):0} ms, min {(d.Length > 0 ? d[0] : 0):0} ms, max {(d.Length > 0 ? d[^1] : 0):0} ms");
        Console.WriteLine($"detect: port back: {u.Length} came UP after p50 {P(u, 0.5):0} ms, p99 {P(u, 0.99):0} ms, max {(u.Length > 0 ? u[^1] : 0):0} ms (bound 1 s)");
    }

    static double Median(List<double> xs) => xs.OrderBy(x => x).ElementAt(xs.Count / 2);

    static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    // The same GETs, one after another: genhash (one process per URL) and our client.
    public static async Task DigestVsGenhash(int count)
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
}

/// <summary>The acceptor child process: this same program started with "acceptor".</summary>
sealed class AcceptorProcess : IDisposable
{
    private readonly Process _p;

    private AcceptorProcess(Process p, int tcp, int http, int flap)
    {
        _p = p;
        TcpPort = tcp;
        HttpPort = http;
        FlapPort = flap;
    }

    public int TcpPort { get; }

    public int HttpPort { get; }

    public int FlapPort { get; }

    public static AcceptorProcess Start()
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(AcceptorProcess).Assembly.Location);
        psi.ArgumentList.Add("acceptor");
        var p = Process.Start(psi)!;
        var ports = p.StandardOutput.ReadLine()!.Split(' ');
        return new AcceptorProcess(p, int.Parse(ports[1]), int.Parse(ports[2]), int.Parse(ports[3]));
    }

    public void Send(string command)
    {
        _p.StandardInput.WriteLine(command);
        _p.StandardInput.Flush();
        _p.StandardOutput.ReadLine();
    }

    public void Dispose()
    {
        try { _p.Kill(); } catch { }
        _p.Dispose();
    }
}
