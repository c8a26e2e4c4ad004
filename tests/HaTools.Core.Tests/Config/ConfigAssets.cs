using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>Where the config fixtures live and quick ways to parse them.</summary>
internal static class ConfigAssets
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "assets", "config");

    /// <summary>A fixture under tests/assets/config, or under the repository's examples/ when it starts with "examples/".</summary>
    public static string PathOf(string relative) =>
        relative.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(RepoRoot, relative) : Path.Combine(Dir, relative);

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "HaTools.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("HaTools.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every top-level test config (samples from keepalived plus our own real-world ones).</summary>
    public static IEnumerable<string> AllConfigs() =>
        Directory.GetFiles(Path.Combine(Dir, "samples"), "*.conf")
            .Concat(Directory.GetFiles(Path.Combine(Dir, "valid"), "*.conf"))
            .Select(f => Path.GetRelativePath(Dir, f))
            .Concat(Directory.GetFiles(Path.Combine(RepoRoot, "examples"), "*.conf", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(RepoRoot, f)))
            .OrderBy(f => f, StringComparer.Ordinal);

    public static KeepalivedConfig Parse(string content, string? configId = null) =>
        KeepalivedConfigParser.ParseContent(content, new ConfigParseOptions { ConfigId = configId });

    public static IEnumerable<ConfigDiagnostic> With(this KeepalivedConfig c, string code) => c.Diagnostics.Where(d => d.Code == code);
}
