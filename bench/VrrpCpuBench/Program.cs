using System.Globalization;
using System.Text;
using HaTools.Core.Lab;
using HaTools.VrrpNode;

// Usage: VrrpCpuBench [--instances N] [--seconds S] [--warmup S] [--version 2|3] [--interval SECONDS] [--no-keepalived] [--out FILE]
int instances = 200;
int seconds = 30;
int warmup = 10;
int version = 2;
double interval = 1.0;
bool withKeepalived = true;
string? outFile = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--instances": instances = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--version": version = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--interval": interval = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--no-keepalived": withKeepalived = false; break;
        case "--out": outFile = args[++i]; break;
        default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
    }
}

if (instances is < 1 or > 255)
{
    Console.Error.WriteLine("--instances must be 1..255 (one VRID each)");
    return 2;
}

FailoverLab.RemoveStale();
string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
var labs = new List<(string Impl, FailoverLab Lab, Pair Pair)>();
try
{
    // One lab per implementation, both running during the same measuring window.
    foreach (var impl in withKeepalived ? new[] { "HaTools", "keepalived" } : new[] { "HaTools" })
    {
        var lab = FailoverLab.Create(2);
        labs.Add((impl, lab, Pair.Start(lab, impl, instances, version, interval)));
    }

    Console.Error.WriteLine($"warming up {warmup} s (elections, JIT, ARP)");
    Thread.Sleep(TimeSpan.FromSeconds(warmup));
    foreach (var (impl, lab, _) in labs)
    {
        // A busy machine can delay a master's advert past Master_Down_Interval now and then; give the pair time to settle.
        int onMaster = 0, onBackup = 0;
        for (int wait = 0; wait < 30; wait++)
        {
            (onMaster, onBackup) = (VipsOn(lab, lab.Nodes[0]), VipsOn(lab, lab.Nodes[1]));
            if (onMaster == instances && onBackup == 0)
            {
                break;
            }

            Thread.Sleep(1000);
        }

        Console.Error.WriteLine($"{impl}: VIPs on the master node {onMaster}, on the backup node {onBackup}");
        if (onMaster != instances || onBackup != 0)
        {
            Console.Error.WriteLine($"{impl}: the pair did not settle (expected {instances} / 0); figures would be meaningless");
            return 1;
        }
    }

    var startCpu = labs.Select(l => (l.Pair.MasterTicks(), l.Pair.BackupTicks())).ToArray();
    var startWall = DateTime.UtcNow;
    Thread.Sleep(TimeSpan.FromSeconds(seconds));
    var endCpu = labs.Select(l => (l.Pair.MasterTicks(), l.Pair.BackupTicks())).ToArray();
    foreach (var (impl, lab, _) in labs)
    {
        // Flaps during the window would add transitions and VIP work to the figures: report them.
        int onMaster = VipsOn(lab, lab.Nodes[0]), onBackup = VipsOn(lab, lab.Nodes[1]);
        Console.Error.WriteLine($"{impl} after the window: VIPs on the master node {onMaster}, on the backup node {onBackup}");
    }

    double wall = (DateTime.UtcNow - startWall).TotalSeconds;
    double ticksPerSecond = 100; // USER_HZ on Linux (sysconf(_SC_CLK_TCK))

    var table = new StringBuilder();
    table.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"{instances} instances per node, VRRPv{version}, advert_int {interval} s, {wall:F1} s measured after {warmup} s warm-up; CPU = utime + stime from /proc/<pid>/stat"));
    table.AppendLine();
    table.AppendLine("| implementation | role | CPU s | % of one core | adverts/s on the wire | CPU µs per advert |");
    table.AppendLine("|---|---|---|---|---|---|");
    double advertsPerSecond = instances / interval;
    var percent = new Dictionary<(string, string), double>();
    for (int i = 0; i < labs.Count; i++)
    {
        foreach (var (role, ticks) in new[] { ("masters", endCpu[i].Item1 - startCpu[i].Item1), ("backups", endCpu[i].Item2 - startCpu[i].Item2) })
        {
            double cpu = ticks / ticksPerSecond;
            double pct = 100 * cpu / wall;
            percent[(labs[i].Impl, role)] = pct;
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {labs[i].Impl} | {role} | {cpu:F2} | {pct:F2} % | {advertsPerSecond:F0} | {1e6 * cpu / (advertsPerSecond * wall):F1} |"));
        }
    }

    if (withKeepalived)
    {
        foreach (var role in new[] { "masters", "backups" })
        {
            double k = percent[("keepalived", role)];
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| HaTools / keepalived | {role} | | {(k > 0 ? (percent[("HaTools", role)] / k).ToString("F2", CultureInfo.InvariantCulture) : "n/a")} | | |"));
        }
    }

    table.AppendLine();
    table.AppendLine($"load average (1/5/15 min) before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
    Console.WriteLine(table);
    if (outFile is not null)
    {
        File.WriteAllText(outFile, table.ToString());
    }

    return 0;
}
finally
{
    foreach (var (_, lab, pair) in labs)
    {
        pair.Kill();
        lab.Dispose();
    }
}

static int VipsOn(FailoverLab lab, LabNode node)
{
    var r = lab.Exec(node, "ip", "-o", "-4", "addr", "show", "dev", node.Interface);
    return r.StandardOutput.Split('\n').Count(l => l.Contains(" 10.98.", StringComparison.Ordinal));
}

/// <summary>A master node and a backup node of one implementation, each one process with N instances.</summary>
internal sealed class Pair
{
    private readonly FailoverLab _lab;
    private readonly List<(LabProcess Process, string? ChildPidFile)> _master = [];
    private readonly List<(LabProcess Process, string? ChildPidFile)> _backup = [];

    private Pair(FailoverLab lab) => _lab = lab;

    public static Pair Start(FailoverLab lab, string impl, int instances, int version, double interval)
    {
        var pair = new Pair(lab);
        pair._master.Add(StartNode(lab, lab.Nodes[0], impl, instances, version, interval, master: true));
        pair._backup.Add(StartNode(lab, lab.Nodes[1], impl, instances, version, interval, master: false));
        return pair;
    }

    /// <summary>utime + stime of the master node's processes (keepalived: parent and VRRP child).</summary>
    public long MasterTicks() => _master.Sum(Ticks);

    public long BackupTicks() => _backup.Sum(Ticks);

    public void Kill()
    {
        foreach (var (p, child) in _master.Concat(_backup))
        {
            if (ChildPid(child) is { } c)
            {
                HaTools.Core.Linux.Signals.Send(c, HaTools.Core.Linux.Signals.SIGKILL);
            }

            _lab.Kill(p);
        }
    }

    private static long Ticks((LabProcess Process, string? ChildPidFile) p)
    {
        long t = ProcTicks(p.Process.Id);
        if (ChildPid(p.ChildPidFile) is { } child)
        {
            t += ProcTicks(child);
        }

        return t;
    }

    private static int? ChildPid(string? file) =>
        file is not null && File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out int pid) ? pid : null;

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat, after the parenthesised command name).</summary>
    private static long ProcTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
    }

    private static (LabProcess, string?) StartNode(FailoverLab lab, LabNode node, string impl, int instances, int version, double interval, bool master)
    {
        string stem = Path.Combine(lab.Directory, $"{impl}-{node.Name}-{Guid.NewGuid():N}");
        int priority = master ? 150 : 100;
        if (impl == "HaTools")
        {
            var config = new NodeConfig();
            for (int v = 1; v <= instances; v++)
            {
                config.Instances.Add(new InstanceConfig
                {
                    Name = $"VI_{v}", Interface = node.Interface, VirtualRouterId = v, Priority = priority, State = master ? "MASTER" : "BACKUP",
                    Version = version, AdvertIntervalMs = (int)(interval * 1000), VirtualIPAddresses = { $"10.98.0.{v}/32" },
                    GarpMasterDelayMs = 5000, GarpMasterRepeat = 5,
                });
            }

            File.WriteAllText(stem + ".json", config.ToJson());
            var p = lab.Start(node, "hatools", "dotnet", Path.Combine(AppContext.BaseDirectory, "HaTools.VrrpNode.dll"), "run", stem + ".json");
            p.WaitForOutput(" READY ", TimeSpan.FromSeconds(60));
            return (p, null);
        }

        var conf = new StringBuilder();
        conf.AppendLine($"global_defs {{\n  router_id {node.Name}\n}}");
        for (int v = 1; v <= instances; v++)
        {
            conf.AppendLine(string.Create(CultureInfo.InvariantCulture, $$"""
                vrrp_instance VI_{{v}} {
                  state {{(master ? "MASTER" : "BACKUP")}}
                  interface {{node.Interface}}
                  virtual_router_id {{v}}
                  priority {{priority}}
                  version {{version}}
                  advert_int {{interval}}
                  virtual_ipaddress {
                    10.98.0.{{v}}/32
                  }
                }
                """));
        }

        File.WriteAllText(stem + ".conf", conf.ToString());
        var k = lab.Start(node, "keepalived", "keepalived", "-n", "-l", "-P", "-f", stem + ".conf", "-p", stem + ".pid", "-r", stem + ".vrrp.pid");
        return (k, stem + ".vrrp.pid");
    }
}
