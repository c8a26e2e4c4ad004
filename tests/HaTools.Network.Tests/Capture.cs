using System.Diagnostics;
using System.Text.Json;
using HaTools.Core.Lab;

namespace HaTools.Network.Tests;

/// <summary>
/// A tshark capture running inside a lab namespace; <see cref="Stop"/> returns the dissected packets as
/// tshark's JSON (-T ek is avoided: plain -T json keeps field names stable across versions).
/// </summary>
public sealed class Capture : IDisposable
{
    private readonly FailoverLab _lab;
    private readonly LabProcess _process;
    private readonly string _file;

    private Capture(FailoverLab lab, LabProcess process, string file)
    {
        _lab = lab;
        _process = process;
        _file = file;
    }

    /// <summary>Starts capturing on <paramref name="node"/>'s interface with a capture filter; waits until tshark listens.</summary>
    public static Capture Start(FailoverLab lab, LabNode node, string filter)
    {
        string file = Path.Combine(lab.Directory, $"cap-{node.Name}-{Guid.NewGuid():N}.pcapng");
        var process = lab.Start(node, "tshark", "tshark", "-q", "-n", "-i", node.Interface, "-f", filter, "-w", file);
        // "Capturing on" is printed before dumpcap has the interface open; the pcapng header on disk is not.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(File.Exists(file) && new FileInfo(file).Length > 0))
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                throw new InvalidOperationException("tshark did not start: " + process.Output);
            }

            Thread.Sleep(20);
        }

        Thread.Sleep(200);

        return new Capture(lab, process, file);
    }

    /// <summary>Stops the capture and dissects it (with VRRP/ICMPv6 checksum validation on).</summary>
    public IReadOnlyList<JsonElement> Stop(params string[] extraOptions)
    {
        Thread.Sleep(300);
        _process.Terminate(TimeSpan.FromSeconds(10));
        var psi = new ProcessStartInfo("tshark") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-n", "-r", _file, "-T", "json", "-o", "vrrp.v3_checksum_as_in_v2:FALSE", "-o", "ip.check_checksum:TRUE" }.Concat(extraOptions))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("tshark -r failed: " + error);
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            return Array.Empty<JsonElement>();
        }

        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("_source").GetProperty("layers").Clone()).ToArray();
    }

    public void Dispose() => _process.Dispose();

    /// <summary>A field of a dissected layer as text ("arp", "arp.opcode").</summary>
    public static string? Field(JsonElement layers, string layer, string field)
    {
        if (!layers.TryGetProperty(layer, out var l))
        {
            return null;
        }

        return Find(l, field);
    }

    private static string? Find(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (p.Name == field)
            {
                return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString();
            }

            var nested = Find(p.Value, field);
            if (nested is not null)
            {
                return nested;
            }
        }

        return null;
    }
}
