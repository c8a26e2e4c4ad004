namespace HaTools.Core.Config;

/// <summary>How to read a keepalived.conf. The limits turn hostile input into diagnostics instead of exhaustion.</summary>
public sealed class ConfigParseOptions
{
    /// <summary>keepalived's -i: selects @id lines (and excludes @^id ones). Null means no id: every @id line is skipped.</summary>
    public string? ConfigId { get; set; }

    /// <summary>Largest single file read (default 64 MiB, ten times the 200k-line benchmark); bigger files are refused with ConfigFileTooLarge.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Total bytes over the main file and all includes.</summary>
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Deepest block nesting accepted; deeper content is skipped with ConfigNestingTooDeep (keepalived needs at most 4).</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>Deepest include chain.</summary>
    public int MaxIncludeDepth { get; set; } = 32;

    /// <summary>Cap on logical lines produced by ~SEQ/~LST and multi-line definitions.</summary>
    public long MaxExpandedLines { get; set; } = 5_000_000;

    /// <summary>Value of ${_INSTANCE}; keepalived uses the config id or host name.</summary>
    public string? InstanceName { get; set; }

    public IConfigFileSystem FileSystem { get; set; } = PhysicalConfigFileSystem.Instance;

    /// <summary>Seed for ${_RANDOM}; fixed so a parse is reproducible.</summary>
    public int RandomSeed { get; set; } = 1;
}
