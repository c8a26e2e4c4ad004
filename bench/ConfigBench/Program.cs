using System.Diagnostics;
using System.Globalization;
using ConfigBench;
using HaTools.Core.Config;

// Usage: dotnet run -c Release --project bench/ConfigBench [-- runs [keepaliveRuns]]
int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
int keepalivedRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

var path = Path.Combine(Path.GetTempPath(), $"hatools-configbench-{Environment.ProcessId}.conf");
File.WriteAllText(path, LargeConfigGenerator.Generate(virtualServers: 1000, realServersEach: 20, vrrpInstances: 50));
long bytes = new FileInfo(path).Length;
try
{
    // Warm-up (JIT), then timed runs; each run parses the whole file from disk.
    var warm = KeepalivedConfigParser.ParseFile(path, new ConfigParseOptions { ConfigId = "bench" });
    long lines = warm.LinesRead;
    Check(warm);
    var seconds = new List<double>();
    var cpuSeconds = new List<double>();
    long heapAfter = 0;
    var self = Process.GetCurrentProcess();
    for (int i = 0; i < runs; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        self.Refresh();
        var cpu0 = self.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var c = KeepalivedConfigParser.ParseFile(path, new ConfigParseOptions { ConfigId = "bench" });
        sw.Stop();
        self.Refresh();
        cpuSeconds.Add((self.TotalProcessorTime - cpu0).TotalSeconds);
        seconds.Add(sw.Elapsed.TotalSeconds);
        heapAfter = Math.Max(heapAfter, GC.GetTotalMemory(false));
        GC.KeepAlive(c);
    }
    seconds.Sort();
    cpuSeconds.Sort();
    double median = seconds[seconds.Count / 2];
    double cpuMedian = cpuSeconds[cpuSeconds.Count / 2];
    long peakRss = PeakRssBytes();

    var kaTimes = new List<double>();
    var kaCpu = new List<double>();
    string kaVersion = "";
    int kaExit = 0;
    int kaMessages = 0;
    for (int i = 0; i < keepalivedRuns; i++)
    {
        // GNU time reports the child's user+system CPU on the last line of stderr.
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "CPU %U %S", "keepalived", "--config-test", "-l", "-f", path]) { RedirectStandardError = true, RedirectStandardOutput = true };
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        sw.Stop();
        var lastLines = err.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cpuLine = lastLines.LastOrDefault(l => l.StartsWith("CPU ", StringComparison.Ordinal));
        if (cpuLine != null)
        {
            var parts = cpuLine.Split(' ');
            kaCpu.Add(double.Parse(parts[1], CultureInfo.InvariantCulture) + double.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        kaMessages = lastLines.Count(l => !l.StartsWith("CPU ", StringComparison.Ordinal) && !l.StartsWith("Command exited", StringComparison.Ordinal));
        kaExit = p.ExitCode;
        kaTimes.Add(sw.Elapsed.TotalSeconds);
    }
    kaCpu.Sort();
    double kaCpuMedian = kaCpu.Count > 0 ? kaCpu[kaCpu.Count / 2] : double.NaN;
    {
        using var v = Process.Start(new ProcessStartInfo("keepalived", "--version") { RedirectStandardError = true, RedirectStandardOutput = true })!;
        kaVersion = (v.StandardError.ReadToEnd() + v.StandardOutput.ReadToEnd()).Split('\n')[0].Trim();
        v.WaitForExit();
    }
    kaTimes.Sort();
    double kaMedian = kaTimes.Count > 0 ? kaTimes[kaTimes.Count / 2] : double.NaN;

    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"input: {lines:N0} lines, {bytes / 1048576.0:F1} MiB (1,000 virtual_server x 20 real_server with HTTP_GET + 50 vrrp_instance)"));
    Console.WriteLine(string.Create(inv, $"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end of the HaTools runs"));
    Console.WriteLine(string.Create(inv, $"HaTools parse: wall median {median * 1000:F0} ms of {runs} runs (min {seconds[0] * 1000:F0}, max {seconds[^1] * 1000:F0}) = {lines / median:N0} lines/s; CPU median {cpuMedian * 1000:F0} ms = {lines / cpuMedian:N0} lines per CPU-second"));
    Console.WriteLine(string.Create(inv, $"HaTools memory: peak RSS {peakRss / 1048576.0:F0} MiB, managed heap after parse {heapAfter / 1048576.0:F0} MiB"));
    Console.WriteLine(string.Create(inv, $"{kaVersion} --config-test: wall median {kaMedian * 1000:F0} ms of {keepalivedRuns} runs (exit {kaExit}, {kaMessages} messages) = {lines / kaMedian:N0} lines/s; CPU median {kaCpuMedian * 1000:F0} ms = {lines / kaCpuMedian:N0} lines per CPU-second"));
    Console.WriteLine(string.Create(inv, $"ratio: HaTools is {kaMedian / median:F1}x faster than keepalived's config test by wall time, {kaCpuMedian / cpuMedian:F1}x by CPU time"));
}
finally
{
    File.Delete(path);
}

static void Check(KeepalivedConfig c)
{
    if (c.VirtualServers.Count != 1000 || c.VirtualServers.Sum(v => v.RealServers.Count) != 20_000 || c.VrrpInstances.Count != 50)
        throw new InvalidOperationException("benchmark config did not parse as generated");
    var errors = c.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    if (errors.Count > 0) throw new InvalidOperationException("benchmark config has errors: " + errors[0]);
}

static long PeakRssBytes()
{
    // VmHWM: the resident-set high-water mark of this process.
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    return 0;
}
