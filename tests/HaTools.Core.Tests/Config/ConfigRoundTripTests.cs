using System.Diagnostics;
using System.Text.RegularExpressions;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>Import → Export → Import is lossless, and keepalived itself accepts what we write.</summary>
public class ConfigRoundTripTests
{
    public static TheoryData<string> Configs() => new(ConfigAssets.AllConfigs());

    private static ConfigParseOptions Options(string file) => new() { ConfigId = file.Contains("unicast") ? "node1" : "alpha" };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Export_then_import_gives_equal_objects(string file)
    {
        var first = KeepalivedConfigParser.ParseFile(ConfigAssets.PathOf(file), Options(file));
        var text = KeepalivedConfigWriter.Write(first);
        var second = KeepalivedConfigParser.ParseContent(text);
        Assert.True(first.Equals(second), "Round trip differs at " + ConfigDiff.First(first, second));
        // Exported text carries no new problems: every diagnostic it has, the original had too.
        var before = first.Diagnostics.Select(d => d.Code).ToHashSet();
        Assert.All(second.Diagnostics, d => Assert.Contains(d.Code, before));
        // And the writer is a fixed point.
        Assert.Equal(text, KeepalivedConfigWriter.Write(second));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Keepalived_accepts_the_exported_text_as_well_as_the_original(string file)
    {
        var original = ConfigAssets.PathOf(file);
        var config = KeepalivedConfigParser.ParseFile(original, Options(file));
        var exported = Path.Combine(Path.GetTempPath(), $"htcfg-rt-{Environment.ProcessId}-{Path.GetFileName(file)}");
        File.WriteAllText(exported, KeepalivedConfigWriter.Write(config));
        try
        {
            var (rcOriginal, msgOriginal) = KeepalivedTest(original, Options(file).ConfigId!);
            var (rcExported, msgExported) = KeepalivedTest(exported, Options(file).ConfigId!);
            var extra = msgExported.Except(msgOriginal).ToList();
            Assert.True(extra.Count == 0, "keepalived -t complains about the export only: " + string.Join(" | ", extra));
            if (rcOriginal == 0) Assert.Equal(0, rcExported);
        }
        finally { File.Delete(exported); }
    }

    /// <summary>Runs `keepalived -t`, returning its exit code and its messages without file/line prefixes.</summary>
    internal static (int, HashSet<string>) KeepalivedTest(string path, string configId)
    {
        var psi = new ProcessStartInfo("keepalived", ["-t", "-l", "-i", configId, "-f", path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var lines = (output + "\n" + err.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => Regex.Replace(l, @"^\((?:[^)]*: )?Line \d+\)\s*", ""))
            .Where(l => !l.StartsWith("SECURITY VIOLATION", StringComparison.Ordinal))
            .ToHashSet();
        return (p.ExitCode, lines);
    }
}
