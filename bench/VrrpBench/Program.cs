using System.Diagnostics;
using System.Net;
using HaTools.Core.Vrrp;
using VrrpBench;

// Usage: dotnet run -c Release --project bench/VrrpBench [instances] [seconds]
int instances = args.Length > 0 ? int.Parse(args[0]) : 200;
int seconds = args.Length > 1 ? int.Parse(args[1]) : 20;

Codec();
await Loops(instances, seconds, TimeSpan.FromSeconds(1), 2);
await Loops(instances, Math.Max(5, seconds / 4), TimeSpan.FromMilliseconds(50), 3);
return 0;

static void Codec()
{
    var packet = new VrrpPacket(2, 51, 150, 1, [VrrpIpAddress.Parse("10.77.0.100"), VrrpIpAddress.Parse("10.77.0.101")], VrrpAuthType.Password, "s3cret"u8);
    var src = VrrpIpAddress.Parse("10.77.0.1");
    var buffer = new byte[64];
    var rx = new VrrpPacket();
    const int n = 2_000_000;
    for (int i = 0; i < 10_000; i++)
    {
        VrrpPacketWriter.TryWrite(packet, src, VrrpPacket.MulticastGroupIPv4, VrrpChecksumKind.PseudoHeader, buffer, out _);
        VrrpPacketReader.TryRead(buffer.AsSpan(0, 28), System.Net.Sockets.AddressFamily.InterNetwork, src, VrrpPacket.MulticastGroupIPv4, rx, out _);
    }

    long alloc = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < n; i++)
    {
        VrrpPacketWriter.TryWrite(packet, src, VrrpPacket.MulticastGroupIPv4, VrrpChecksumKind.PseudoHeader, buffer, out _);
    }

    double writeNs = sw.Elapsed.TotalNanoseconds / n;
    sw.Restart();
    for (int i = 0; i < n; i++)
    {
        VrrpPacketReader.TryRead(buffer.AsSpan(0, 28), System.Net.Sockets.AddressFamily.InterNetwork, src, VrrpPacket.MulticastGroupIPv4, rx, out _);
    }

    double readNs = sw.Elapsed.TotalNanoseconds / n;
    Console.WriteLine($"codec: write {writeNs:F0} ns/advert, read+verify {readNs:F0} ns/advert, {GC.GetAllocatedBytesForCurrentThread() - alloc} bytes allocated in {2 * n} calls");
}

// Two real event loops on the system clock and thread pool: one with N masters (priority 150), one with N backups.
static async Task Loops(int instances, int seconds, TimeSpan interval, int version)
{
    if (instances > 255)
    {
        throw new ArgumentOutOfRangeException(nameof(instances), "One interface holds at most 255 VRIDs.");
    }

    var lan = new MemoryLan();
    var edge = new NullEdge();
    VrrpInstanceSettings Settings(int i, int priority) => new()
    {
        Name = $"VI_{i}",
        Interface = "eth0",
        VirtualRouterId = (byte)(i + 1),
        Priority = priority,
        Version = version,
        AdvertisementInterval = interval,
        InitialState = priority == 150 ? VrrpState.Master : VrrpState.Backup,
        VirtualIPAddresses = [new VrrpVirtualAddress(new IPAddress([10, 100, (byte)i, 1]), 24)],
    };
    VrrpEventLoop Loop(string address, int priority) => new(new VrrpEventLoopOptions
    {
        Instances = Enumerable.Range(0, instances).Select(i => Settings(i, priority)).ToArray(),
        Transport = lan.Host(VrrpIpAddress.Parse(address)),
        VipManager = edge,
        Announcer = edge,
        NotifyRunner = edge,
    });

    using var masters = Loop("10.0.0.1", 150);
    using var backups = Loop("10.0.0.2", 100);
    using var cts = new CancellationTokenSource();
    Task a = masters.RunAsync(cts.Token);
    Task b = backups.RunAsync(cts.Token);

    // Settle: all masters elected and heard.
    await Task.Delay(interval * 5 + TimeSpan.FromSeconds(1));
    if (masters.GetStatus().Any(s => s.State != VrrpState.Master) || backups.GetStatus().Any(s => s.State != VrrpState.Backup))
    {
        throw new InvalidOperationException("election did not settle");
    }

    long sent0 = masters.GetStatus().Sum(s => s.AdvertisementsSent);
    long received0 = backups.GetStatus().Sum(s => s.AdvertisementsReceived);
    GC.Collect();
    long alloc0 = GC.GetTotalAllocatedBytes(precise: true);
    TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    long alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
    double wall = sw.Elapsed.TotalSeconds;
    long sent = masters.GetStatus().Sum(s => s.AdvertisementsSent) - sent0;
    long received = backups.GetStatus().Sum(s => s.AdvertisementsReceived) - received0;
    long errors = backups.GetStatus().Sum(s => s.Errors.Total);

    await cts.CancelAsync();
    await Task.WhenAll(a, b);
    Console.WriteLine(
        $"loops: v{version} {instances} masters + {instances} backups, advert_int {interval.TotalSeconds:0.###} s, {wall:F1} s: " +
        $"{sent} sent, {received} received, {errors} dropped; CPU {cpu.TotalMilliseconds:F0} ms = {100 * cpu.TotalSeconds / wall:F2}% of one core " +
        $"({1e6 * cpu.TotalSeconds / Math.Max(1, sent + received):F1} us per advert sent or received); {alloc} bytes allocated ({(double)alloc / Math.Max(1, sent + received):F1} per advert)");
}
