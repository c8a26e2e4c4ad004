using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>Where the config fixtures live and quick ways to parse them.</summary>
internal static class ConfigAssets
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "assets", "config");

    public static string PathOf(string relative) => Path.Combine(Dir, relative);

    /// <summary>Every top-level test config (samples from keepalived plus our own real-world ones).</summary>
    public static IEnumerable<string> AllConfigs() =>
        Directory.GetFiles(Path.Combine(Dir, "samples"), "*.conf")
            .Concat(Directory.GetFiles(Path.Combine(Dir, "valid"), "*.conf"))
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "assets", "config", "examples"), "*.conf"))
            .Select(f => Path.GetRelativePath(Dir, f))
            .OrderBy(f => f, StringComparer.Ordinal);

    public static KeepalivedConfig Parse(string content, string? configId = null) =>
        KeepalivedConfigParser.ParseContent(content, new ConfigParseOptions { ConfigId = configId });

    public static IEnumerable<ConfigDiagnostic> With(this KeepalivedConfig c, string code) => c.Diagnostics.Where(d => d.Code == code);
}
