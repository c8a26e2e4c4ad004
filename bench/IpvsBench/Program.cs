using System.Diagnostics;
using System.Globalization;
using System.Net;
using HaTools.Core.Ipvs;

// 1,000 services x 4 real servers: create, list, delete, HaTools (pipelined netlink) against ipvsadm
// (-R of the equivalent rules, -Ln, -R of -D lines). Run inside the VM: bench/IpvsBench/run.sh.
var services = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

var desired = Enumerable.Range(0, services).Select(i => new IpvsService
{
    Protocol = IpvsProtocol.TCP,
    Address = new IPAddress(new byte[] { 10, 200, (byte)(i / 250), (byte)(i % 250 + 1) }),
    Port = 80,
    Scheduler = "wlc",
    RealServers = Enumerable.Range(1, 4).Select(r => new IpvsRealServer
    {
        Address = new IPAddress(new byte[] { 10, 201, (byte)(i / 250), (byte)r }),
        Port = 8080,
        ForwardingMethod = IpvsForwardingMethod.Masquerade,
        Weight = r,
    }).ToList(),
}).ToList();
var rules = IpvsSaveFormat.Write(desired);
var deleteRules = string.Concat(desired.Select(s => "-D " + IpvsSaveFormat.FormatServiceKey(s) + "\n"));

string Ipvsadm(string args, string? stdin = null)
{
    var psi = new ProcessStartInfo("ipvsadm") { RedirectStandardOutput = true, RedirectStandardInput = stdin != null, UseShellExecute = false };
    foreach (var a in args.Split(' ')) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEndAsync();
    if (stdin != null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"ipvsadm {args} exited {p.ExitCode}");
    return output.Result;
}

double Time(Action a)
{
    var sw = Stopwatch.StartNew();
    a();
    return sw.Elapsed.TotalMilliseconds;
}

var results = new Dictionary<string, List<double>>();
void Add(string k, double v) => (results.TryGetValue(k, out var l) ? l : results[k] = new()).Add(v);

using var client = IpvsClient.Open();
Ipvsadm("-C");
for (var round = 0; round < rounds + 1; round++)
{
    // Round 0 warms up both sides (JIT, page cache over 9p) and is not counted.
    var ours = new Dictionary<string, double>();
    var theirs = new Dictionary<string, double>();

    theirs["apply"] = Time(() => Ipvsadm("-R", rules));
    theirs["list"] = Time(() => Ipvsadm("-L -n"));
    if (Ipvsadm("-S -n") != rules) throw new InvalidOperationException("ipvsadm -R did not produce the rules");
    theirs["delete"] = Time(() => Ipvsadm("-R", deleteRules));

    ours["apply"] = Time(() =>
    {
        var failed = client.Apply(IpvsTableDiff.Compute([], desired)).Count(r => !r.Succeeded);
        if (failed > 0) throw new InvalidOperationException($"{failed} changes failed");
    });
    IReadOnlyList<IpvsService> listed = [];
    ours["list"] = Time(() => listed = client.GetServices(includeRealServers: true));
    if (listed.Count != services || IpvsSaveFormat.Write(listed) != Ipvsadm("-S -n")) throw new InvalidOperationException("HaTools listing differs from ipvsadm");
    ours["delete"] = Time(() =>
    {
        var failed = client.Apply(desired.Select(s => new IpvsChange(IpvsChangeKind.RemoveService, s)).ToList()).Count(r => !r.Succeeded);
        if (failed > 0) throw new InvalidOperationException($"{failed} deletes failed");
    });
    if (Ipvsadm("-S -n").Length != 0) throw new InvalidOperationException("table not empty after delete");

    if (round == 0) continue;
    foreach (var k in ours.Keys) { Add("hatools " + k, ours[k]); Add("ipvsadm " + k, theirs[k]); }
}

double Median(List<double> l) { var s = l.OrderBy(x => x).ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
Console.WriteLine($"{services} services x 4 real servers, median of {rounds} rounds (ms)");
Console.WriteLine("| operation | HaTools | ipvsadm | HaTools / ipvsadm |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var op in new[] { "apply", "list", "delete" })
{
    var h = Median(results["hatools " + op]);
    var i = Median(results["ipvsadm " + op]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {op} | {h:0.0} | {i:0.0} | {h / i:0.00} |"));
}
