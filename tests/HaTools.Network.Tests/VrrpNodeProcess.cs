using System.Diagnostics;
using System.Text.Json;
using HaTools.Core.Lab;
using HaTools.VrrpNode;

namespace HaTools.Network.Tests;

/// <summary>A HaTools VRRP node (the HaTools.VrrpNode driver) running as its own process in a lab namespace.</summary>
public sealed class VrrpNodeProcess
{
    private VrrpNodeProcess(FailoverLab lab, LabNode node, LabProcess process)
    {
        Lab = lab;
        Node = node;
        Process = process;
    }

    public FailoverLab Lab { get; }

    public LabNode Node { get; }

    public LabProcess Process { get; }

    public static string DriverPath => Path.Combine(AppContext.BaseDirectory, "HaTools.VrrpNode.dll");

    /// <summary>Writes the config to the lab directory and starts the driver in <paramref name="node"/>.</summary>
    public static VrrpNodeProcess Start(FailoverLab lab, LabNode node, params InstanceConfig[] instances)
    {
        var config = new NodeConfig { Instances = instances.ToList() };
        string file = Path.Combine(lab.Directory, $"hatools-{node.Name}-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, config.ToJson());
        var process = lab.StartRouter(node, "hatools", "dotnet", DriverPath, "run", file);
        var result = new VrrpNodeProcess(lab, node, process);
        process.LineWritten += line =>
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3 && parts[1] == "STATE")
            {
                lab.Record("state", node.Name, "hatools " + parts[2]);
            }
        };
        if (!process.WaitForOutput(" READY ", TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"HaTools node on {node.Name} did not start: {process.Output}");
        }

        return result;
    }

    /// <summary>Asks the driver for its instances' status (state, counters).</summary>
    public JsonElement Status(string instance = "VI_1")
    {
        int before = Process.Output.Length;
        Process.WriteLine("status");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            var fresh = Process.Output.Substring(Math.Min(before, Process.Output.Length));
            foreach (var line in fresh.Split('\n'))
            {
                var parts = line.Split(' ', 3);
                if (parts.Length == 3 && parts[1] == "STATUS")
                {
                    var json = JsonDocument.Parse(parts[2]).RootElement.Clone();
                    if (json.GetProperty("Name").GetString() == instance)
                    {
                        return json;
                    }
                }
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("No status from " + Node.Name + ": " + Process.Output);
    }

    /// <summary>State changes the driver printed: (Unix ms, from, to, reason).</summary>
    public IReadOnlyList<(long UnixMs, string From, string To, string Reason)> Transitions()
    {
        var list = new List<(long, string, string, string)>();
        foreach (var line in Process.Output.Split('\n'))
        {
            var parts = line.TrimEnd('\r').Split(' ', 6);
            if (parts.Length >= 5 && parts[1] == "STATE" && long.TryParse(parts[0], out var ms))
            {
                list.Add((ms, parts[3], parts[4], parts.Length > 5 ? parts[5] : string.Empty));
            }
        }

        return list;
    }

    public string State(string instance = "VI_1") => Status(instance).GetProperty("State").GetString()!;

    public long Error(string reason, string instance = "VI_1") =>
        Status(instance).GetProperty("Errors").TryGetProperty(reason, out var v) ? v.GetInt64() : 0;
}
