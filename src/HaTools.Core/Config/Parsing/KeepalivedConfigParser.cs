namespace HaTools.Core.Config;

/// <summary>
/// Entry point: keepalived.conf text or file → <see cref="KeepalivedConfig"/> with diagnostics.
/// Never throws for bad content; only a missing main file or a directory is an exception
/// (<see cref="HaToolsException"/> with ErrorId ConfigFileNotFound / ConfigPathIsDirectory).
/// </summary>
public static class KeepalivedConfigParser
{
    public static KeepalivedConfig ParseFile(string path, ConfigParseOptions? options = null)
    {
        options ??= new ConfigParseOptions();
        var fs = options.FileSystem;
        var full = fs.GetFullPath(path);
        if (fs.DirectoryExists(full))
            throw new HaToolsException("ConfigPathIsDirectory", HaToolsErrorKind.InvalidArgument, $"'{path}' is a directory, not a keepalived.conf file.", path);
        if (!fs.FileExists(full))
            throw new HaToolsException("ConfigFileNotFound", HaToolsErrorKind.ObjectNotFound, $"Cannot find keepalived configuration file '{path}'.", path);
        var diags = new DiagnosticBag();
        var lexer = new ConfigLexer(options, diags);
        return Finish(lexer, lexer.ReadFile(full), full, options, diags);
    }

    /// <summary>Parses text; relative includes and ${_PWD} resolve against <paramref name="baseDirectory"/> (default: current directory).</summary>
    public static KeepalivedConfig ParseContent(string content, ConfigParseOptions? options = null, string? baseDirectory = null)
    {
        options ??= new ConfigParseOptions();
        var diags = new DiagnosticBag();
        var lexer = new ConfigLexer(options, diags);
        return Finish(lexer, lexer.ReadContent(content ?? "", baseDirectory ?? Directory.GetCurrentDirectory()), null, options, diags);
    }

    private static KeepalivedConfig Finish(ConfigLexer lexer, IEnumerable<ConfigLine> lines, string? file, ConfigParseOptions options, DiagnosticBag diags)
    {
        var root = ConfigTreeBuilder.Build(lines, diags, options.MaxDepth);
        var config = new KeepalivedConfig { SourceFile = file, Line = file != null ? 1 : 0, ConfigId = options.ConfigId };
        new KeepalivedConfigReader(diags).Read(root, config);
        ConfigValidator.Validate(config, diags);
        config.IncludedFiles.AddRange(lexer.Files);
        config.Diagnostics.AddRange(diags.ToList());
        config.LinesRead = lexer.PhysicalLines;
        return config;
    }
}
