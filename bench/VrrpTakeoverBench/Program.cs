using System.Globalization;
using System.Net;
using System.Text;
using HaTools.Core.Lab;
using HaTools.Core.Linux;
using HaTools.VrrpNode;

// Usage: VrrpTakeoverBench [--trials N] [--only v2|v3] [--no-keepalived] [--out FILE]
int trials = 20;
string? only = null;
bool withKeepalived = true;
string? outFile = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--trials": trials = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only": only = args[++i]; break;
        case "--no-keepalived": withKeepalived = false; break;
        case "--out": outFile = args[++i]; break;
        default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
    }
}

FailoverLab.RemoveStale();
// HaTools nodes print TRACE lines (µs) along the takeover path; the hop table below is built from them.
Environment.SetEnvironmentVariable("HATOOLS_VRRP_TRACE", "1");
string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
var scenarios = new List<Scenario>
{
    new("v2", 2, 1.0),
    new("v3", 3, 0.05),
};
var rows = new List<string>();
var hops = new List<string>();
string[] impls = withKeepalived ? ["HaTools", "keepalived"] : ["HaTools"];
foreach (var s in scenarios.Where(s => only is null || s.Name == only))
{
    foreach (var mode in new[] { "SIGKILL", "clean stop" })
    {
        // Both implementations run in labs of their own at the same time and their trials alternate, so machine
        // load hits both alike.
        var results = Bench.RunInterleaved(s, impls, mode, trials);
        var expected = mode == "SIGKILL" ? s.MasterDownInterval : s.SkewTime;
        foreach (var impl in impls)
        {
            var (samples, toMaster) = results[impl];
            string row = string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} advert_int {s.AdvertInterval}s | {mode} | {impl} | {samples.Count} | {Stats.Median(samples):F1} | {Stats.Percentile(samples, 95):F1} | {Stats.Min(samples):F1} | {Stats.Max(samples):F1} | {expected.TotalMilliseconds:F1} |");
            Console.WriteLine(row);
            rows.Add(row);
            if (toMaster.Count > 0)
            {
                string split = string.Create(CultureInfo.InvariantCulture,
                    $"| {s.Name} advert_int {s.AdvertInterval}s | {mode}: kill/stop → backup logs MASTER | {impl} | {toMaster.Count} | {Stats.Median(toMaster):F1} | {Stats.Percentile(toMaster, 95):F1} | {Stats.Min(toMaster):F1} | {Stats.Max(toMaster):F1} | {expected.TotalMilliseconds:F1} |");
                Console.WriteLine(split);
                rows.Add(split);
            }
        }

        if (Bench.Hops.Count > 0)
        {
            var hopTable = new StringBuilder();
            hopTable.AppendLine(string.Create(CultureInfo.InvariantCulture, $"HaTools hops, {s.Name} advert_int {s.AdvertInterval}s, {mode} (from TRACE lines, µs clocks of both nodes; ms):"));
            hopTable.AppendLine("| hop | trials | median ms | p95 ms | max ms |");
            hopTable.AppendLine("|---|---|---|---|---|");
            foreach (var (hop, xs) in Bench.Hops)
            {
                hopTable.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {hop} | {xs.Count} | {Stats.Median(xs):F2} | {Stats.Percentile(xs, 95):F2} | {Stats.Max(xs):F2} |"));
            }

            Console.WriteLine(hopTable);
            hops.Add(hopTable.ToString());
            Bench.Hops.Clear();
        }

        if (results.Count == 2)
        {
            var (h, k) = (results["HaTools"].Answered, results["keepalived"].Answered);
            string ratio = string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} advert_int {s.AdvertInterval}s | {mode} | HaTools / keepalived | | {Stats.Median(h) / Stats.Median(k):F2} | {Stats.Percentile(h, 95) / Stats.Percentile(k, 95):F2} | | | |");
            Console.WriteLine(ratio);
            rows.Add(ratio);
        }
    }
}

var table = new StringBuilder();
table.AppendLine("| scenario | event | implementation | trials | median ms | p95 ms | min ms | max ms | protocol bound ms |");
table.AppendLine("|---|---|---|---|---|---|---|---|---|");
rows.ForEach(r => table.AppendLine(r));
table.AppendLine();
hops.ForEach(h => table.AppendLine(h));
table.AppendLine($"load average (1/5/15 min) before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine(table);
if (outFile is not null)
{
    File.WriteAllText(outFile, table.ToString());
}

return 0;

internal sealed record Scenario(string Name, int Version, double AdvertInterval)
{
    public const int BackupPriority = 100;

    public TimeSpan Interval => TimeSpan.FromSeconds(AdvertInterval);

    /// <summary>RFC 5798 6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 (RFC 3768: (256 - Priority) / 256 s).</summary>
    public TimeSpan SkewTime => TimeSpan.FromTicks((256 - BackupPriority) * Interval.Ticks / 256);

    public TimeSpan MasterDownInterval => (3 * Interval) + SkewTime;
}

internal static class Stats
{
    public static double Min(IReadOnlyList<double> xs) => xs.Count == 0 ? double.NaN : xs.Min();

    public static double Max(IReadOnlyList<double> xs) => xs.Count == 0 ? double.NaN : xs.Max();

    public static double Median(IReadOnlyList<double> xs) => Percentile(xs, 50);

    public static double Percentile(IReadOnlyList<double> xs, double p)
    {
        if (xs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = xs.OrderBy(x => x).ToArray();
        double rank = p / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}

internal static class Bench
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.99.0.250");

    /// <summary>
    /// One lab per implementation, both alive together. Each backup runs throughout; each trial (re)starts the master,
    /// lets it settle, then kills or stops it and times until the backup's MAC answers ARP for the VIP. Trials alternate
    /// between the implementations (and which goes first), so both see the same machine load.
    /// </summary>
    public static Dictionary<string, (List<double> Answered, List<double> EnteredMaster)> RunInterleaved(Scenario s, string[] impls, string mode, int trials)
    {
        var labs = new List<(string Impl, FailoverLab Lab, Node Backup)>();
        var results = impls.ToDictionary(i => i, _ => (Answered: new List<double>(), EnteredMaster: new List<double>()));
        try
        {
            foreach (var impl in impls)
            {
                var lab = FailoverLab.Create(2);
                labs.Add((impl, lab, Node.Start(lab, lab.Nodes[1], impl, s, priority: Scenario.BackupPriority, initialMaster: false)));
            }

            var rng = new Random(12345);
            for (int t = 0; t < trials; t++)
            {
                var order = t % 2 == 0 ? labs : Enumerable.Reverse(labs).ToList();
                foreach (var (impl, lab, backup) in order)
                {
                    Trial(s, impl, mode, t, lab, backup, rng, results[impl].Answered, results[impl].EnteredMaster);
                }
            }

            foreach (var (_, _, backup) in labs)
            {
                backup.Kill();
            }
        }
        finally
        {
            foreach (var (_, lab, _) in labs)
            {
                lab.Dispose();
            }
        }

        return results;
    }

    private static void Trial(Scenario s, string impl, string mode, int t, FailoverLab lab, Node backup, Random rng, List<double> samples, List<double> toMaster)
    {
        LabNode masterNode = lab.Nodes[0], backupNode = lab.Nodes[1];
        var master = Node.Start(lab, masterNode, impl, s, priority: 150, initialMaster: true);
        if (!WaitFor(() => lab.NodesHolding(Vip).SequenceEqual(new[] { masterNode }), TimeSpan.FromSeconds(10) + (5 * s.Interval)))
        {
            Console.Error.WriteLine($"{impl} trial {t}: master never settled alone; skipped\n" + string.Join("\n", lab.Timeline.TakeLast(10)));
            master.Kill();
            master.WaitGone();
            return;
        }

        // Settle, then a random phase within one advert interval so the kill lands anywhere in the cycle.
        Thread.Sleep((3 * s.Interval) + TimeSpan.FromMilliseconds(rng.NextDouble() * s.Interval.TotalMilliseconds));
        var before = lab.Elapsed;
        long beforeUnixUs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        long beforeUnixMs = beforeUnixUs / 1000;
        if (mode == "SIGKILL")
        {
            master.Kill();
        }
        else
        {
            master.Stop();
        }

        var answered = lab.WaitUntilAnswering(Vip, backupNode, TimeSpan.FromMilliseconds(1), (2 * s.MasterDownInterval) + TimeSpan.FromSeconds(2));
        if (answered is null)
        {
            Console.Error.WriteLine($"{impl} trial {t}: backup never answered ARP for {Vip}");
        }
        else
        {
            double ms = (answered.Value - before).TotalMilliseconds;
            samples.Add(ms);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{impl} {s.Name} {mode} trial {t}: {ms:F1} ms (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
            long? entered = backup.EnteredMasterAfter(beforeUnixMs);
            if (entered is not null)
            {
                toMaster.Add(entered.Value - beforeUnixMs);
            }

            if (impl == "HaTools")
            {
                RecordHops(mode, beforeUnixUs, beforeUnixUs + (long)((answered.Value - before).TotalMilliseconds * 1000), master, backup);
            }
        }

        master.Kill();
        master.WaitGone();
    }

    /// <summary>Per-hop times of the HaTools trials of the current row, in order of the path.</summary>
    public static List<(string Hop, List<double> Ms)> Hops { get; } = [];

    private static void RecordHops(string mode, long eventUs, long answeredUs, Node master, Node backup)
    {
        long? vip = backup.TraceAfter("vip-added", eventUs);
        var points = new List<(string Name, long? Us)> { (mode == "SIGKILL" ? "SIGKILL sent" : "SIGTERM sent", eventUs) };
        if (mode != "SIGKILL")
        {
            points.Add(("master: signal handler runs", master.TraceAfter("sigterm-handler", eventUs)));
            points.Add(("master: priority-0 advert sent", master.TraceAfter("p0-sent", eventUs)));
            points.Add(("backup: loop thread has the priority-0 advert", backup.TraceAfter("p0-received", eventUs)));
        }

        // The VIP goes in before the MASTER transition is raised, so the chain runs through the VIP.
        points.Add(("backup: VIP added (rtnetlink acked)", vip));
        points.Add(("client: ARP answered by backup", answeredUs));
        for (int i = 1; i < points.Count; i++)
        {
            if (points[i].Us is not { } b || points[i - 1].Us is not { } a)
            {
                continue;
            }

            string hop = points[i - 1].Name + " → " + points[i].Name;
            var list = Hops.FirstOrDefault(h => h.Hop == hop).Ms;
            if (list is null)
            {
                Hops.Add((hop, list = []));
            }

            list.Add((b - a) / 1000.0);
        }
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }
}

/// <summary>A VRRP node of either implementation in the lab.</summary>
internal sealed class Node
{
    private readonly FailoverLab _lab;
    private readonly LabProcess _process;
    private readonly string? _vrrpPidFile;

    private Node(FailoverLab lab, LabProcess process, string? vrrpPidFile)
    {
        _lab = lab;
        _process = process;
        _vrrpPidFile = vrrpPidFile;
    }

    public static Node Start(FailoverLab lab, LabNode node, string impl, Scenario s, int priority, bool initialMaster)
    {
        string stem = Path.Combine(lab.Directory, $"{impl}-{node.Name}-{Guid.NewGuid():N}");
        if (impl == "HaTools")
        {
            var config = new NodeConfig
            {
                Instances =
                {
                    new InstanceConfig
                    {
                        Priority = priority, State = initialMaster ? "MASTER" : "BACKUP", Version = s.Version,
                        AdvertIntervalMs = (int)s.Interval.TotalMilliseconds, VirtualIPAddresses = { "10.99.0.250/24" },
                        GarpMasterDelayMs = 5000, GarpMasterRepeat = 5,
                    },
                },
            };
            File.WriteAllText(stem + ".json", config.ToJson());
            var p = lab.Start(node, "hatools", "dotnet", Path.Combine(AppContext.BaseDirectory, "HaTools.VrrpNode.dll"), "run", stem + ".json");
            p.WaitForOutput(" READY ", TimeSpan.FromSeconds(30));
            return new Node(lab, p, null);
        }

        string conf = string.Create(CultureInfo.InvariantCulture, $$"""
            global_defs {
              router_id {{node.Name}}
            }
            vrrp_instance VI_1 {
              state {{(initialMaster ? "MASTER" : "BACKUP")}}
              interface {{node.Interface}}
              virtual_router_id 51
              priority {{priority}}
              version {{s.Version}}
              advert_int {{s.AdvertInterval}}
              virtual_ipaddress {
                10.99.0.250/24
              }
            }
            """);
        File.WriteAllText(stem + ".conf", conf);
        var k = lab.Start(node, "keepalived", "keepalived", "-n", "-l", "-P", "-f", stem + ".conf", "-p", stem + ".pid", "-r", stem + ".vrrp.pid");
        return new Node(lab, k, stem + ".vrrp.pid");
    }

    /// <summary>For HaTools nodes: Unix ms of the first "STATE ... Master" line at or after <paramref name="unixMs"/>.</summary>
    public long? EnteredMasterAfter(long unixMs)
    {
        if (_vrrpPidFile is not null)
        {
            return null;
        }

        for (int i = 0; i < 50; i++)
        {
            foreach (var line in _process.Output.Split('\n'))
            {
                var parts = line.Split(' ');
                if (parts.Length >= 5 && parts[1] == "STATE" && parts[4] == "Master" && long.TryParse(parts[0], out var ms) && ms >= unixMs)
                {
                    return ms;
                }
            }

            Thread.Sleep(10);
        }

        return null;
    }

    /// <summary>HaTools nodes: µs time of the first "TRACE <what>" line at or after <paramref name="unixUs"/>.</summary>
    public long? TraceAfter(string what, long unixUs)
    {
        for (int i = 0; i < 50; i++)
        {
            foreach (var line in _process.Output.Split('\n'))
            {
                var parts = line.Trim().Split(' ');
                if (parts.Length == 4 && parts[1] == "TRACE" && parts[2] == what && long.TryParse(parts[3], out var us) && us >= unixUs)
                {
                    return us;
                }
            }

            Thread.Sleep(10);
        }

        return null;
    }

    /// <summary>SIGKILL: keepalived's VRRP child first (it sends the adverts), then the process we started.</summary>
    public void Kill()
    {
        if (_vrrpPidFile is not null && File.Exists(_vrrpPidFile) && int.TryParse(File.ReadAllText(_vrrpPidFile).Trim(), out var child))
        {
            Signals.Send(child, Signals.SIGKILL);
        }

        _lab.Kill(_process);
    }

    /// <summary>SIGTERM: graceful stop (priority-0 advert, VIPs removed) in both implementations.</summary>
    public void Stop()
    {
        Signals.Send(_process.Id, Signals.SIGTERM);
        _lab.Record("stop", _lab.NodeOf(_process)?.Name, "SIGTERM " + _process.Name);
    }

    public void WaitGone()
    {
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        if (_vrrpPidFile is not null && File.Exists(_vrrpPidFile) && int.TryParse(File.ReadAllText(_vrrpPidFile).Trim(), out var child))
        {
            for (int i = 0; i < 200 && Directory.Exists("/proc/" + child); i++)
            {
                Thread.Sleep(10);
            }
        }
    }
}
