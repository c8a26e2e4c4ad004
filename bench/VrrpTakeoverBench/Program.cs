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
string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
var scenarios = new List<Scenario>
{
    new("v2", 2, 1.0),
    new("v3", 3, 0.05),
};
var rows = new List<string>();
foreach (var s in scenarios.Where(s => only is null || s.Name == only))
{
    foreach (var impl in withKeepalived ? new[] { "HaTools", "keepalived" } : new[] { "HaTools" })
    {
        foreach (var mode in new[] { "SIGKILL", "clean stop" })
        {
            var (samples, toMaster) = Bench.Run(s, impl, mode, trials);
            var expected = mode == "SIGKILL" ? s.MasterDownInterval : s.SkewTime;
            string row = string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} advert_int {s.AdvertInterval}s | {mode} | {impl} | {samples.Count} | {Stats.Median(samples):F1} | {Stats.Percentile(samples, 95):F1} | {samples.Min():F1} | {samples.Max():F1} | {expected.TotalMilliseconds:F1} |");
            Console.WriteLine(row);
            rows.Add(row);
            if (toMaster.Count > 0)
            {
                string split = string.Create(CultureInfo.InvariantCulture,
                    $"| {s.Name} advert_int {s.AdvertInterval}s | {mode}: kill/stop → backup logs MASTER | {impl} | {toMaster.Count} | {Stats.Median(toMaster):F1} | {Stats.Percentile(toMaster, 95):F1} | {toMaster.Min():F1} | {toMaster.Max():F1} | {expected.TotalMilliseconds:F1} |");
                Console.WriteLine(split);
                rows.Add(split);
            }
        }
    }
}

var table = new StringBuilder();
table.AppendLine("| scenario | event | implementation | trials | median ms | p95 ms | min ms | max ms | protocol bound ms |");
table.AppendLine("|---|---|---|---|---|---|---|---|---|");
rows.ForEach(r => table.AppendLine(r));
table.AppendLine();
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
    /// One lab per (scenario, implementation, event). The backup runs throughout; each trial (re)starts the
    /// master, lets it settle, then kills or stops it and times until the backup's MAC answers ARP for the VIP.
    /// </summary>
    public static (List<double> Answered, List<double> EnteredMaster) Run(Scenario s, string impl, string mode, int trials)
    {
        using var lab = FailoverLab.Create(2);
        LabNode masterNode = lab.Nodes[0], backupNode = lab.Nodes[1];
        var backup = Node.Start(lab, backupNode, impl, s, priority: Scenario.BackupPriority, initialMaster: false);
        var samples = new List<double>();
        var toMaster = new List<double>();
        var rng = new Random(12345);
        for (int t = 0; t < trials; t++)
        {
            var master = Node.Start(lab, masterNode, impl, s, priority: 150, initialMaster: true);
            if (!WaitFor(() => lab.NodesHolding(Vip).SequenceEqual(new[] { masterNode }), TimeSpan.FromSeconds(10) + (5 * s.Interval)))
            {
                Console.Error.WriteLine($"trial {t}: master never settled alone; skipped\n" + string.Join("\n", lab.Timeline.TakeLast(10)));
                master.Kill();
                continue;
            }

            // Settle, then a random phase within one advert interval so the kill lands anywhere in the cycle.
            Thread.Sleep((3 * s.Interval) + TimeSpan.FromMilliseconds(rng.NextDouble() * s.Interval.TotalMilliseconds));
            var before = lab.Elapsed;
            long beforeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
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
                Console.Error.WriteLine($"trial {t}: backup never answered ARP for {Vip}");
            }
            else
            {
                double ms = (answered.Value - before).TotalMilliseconds;
                samples.Add(ms);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{impl} {s.Name} {mode} trial {t}: {ms:F1} ms"));
                long? entered = backup.EnteredMasterAfter(beforeUnixMs);
                if (entered is not null)
                {
                    toMaster.Add(entered.Value - beforeUnixMs);
                }
            }

            master.Kill();
            master.WaitGone();
        }

        backup.Kill();
        return (samples, toMaster);
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
