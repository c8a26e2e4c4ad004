using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Config;

namespace HaTools.Commands;

/// <summary>
/// Import-KeepalivedConfig: reads keepalived.conf files (or text) into KeepalivedConfig objects.
/// Warnings go to the warning stream, errors become ErrorRecords whose TargetObject is the diagnostic.
/// </summary>
[Cmdlet(VerbsData.Import, "KeepalivedConfig", DefaultParameterSetName = PathSet)]
[OutputType(typeof(KeepalivedConfig))]
public sealed class ImportKeepalivedConfigCommand : HaToolsCmdlet
{
    public const string PathSet = "Path";
    public const string LiteralPathSet = "LiteralPath";
    public const string ContentSet = "Content";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ContentSet)]
    [AllowEmptyString]
    public string Content { get; set; } = "";

    /// <summary>keepalived's -i: which @id lines apply. Default: the host name up to the first dot, as keepalived does.</summary>
    [Parameter]
    public string? ConfigId { get; set; }

    [Parameter]
    public SwitchParameter Strict { get; set; }

    [Parameter]
    public SwitchParameter Validate { get; set; }

    private IReadOnlySet<string>? _interfaces;

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ContentSet:
                Emit(() => KeepalivedConfigParser.ParseContent(Content, Options(), SessionState.Path.CurrentFileSystemLocation.ProviderPath));
                break;
            case LiteralPathSet:
                foreach (var p in LiteralPath)
                {
                    var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(p);
                    Emit(() => KeepalivedConfigParser.ParseFile(resolved, Options()), p);
                }
                break;
            default:
                foreach (var p in Path)
                    foreach (var file in Resolve(p))
                        Emit(() => KeepalivedConfigParser.ParseFile(file, Options()), p);
                break;
        }
    }

    private ConfigParseOptions Options() => new()
    {
        ConfigId = ConfigId ?? DefaultConfigId(),
    };

    internal static string DefaultConfigId()
    {
        var host = Environment.MachineName;
        int dot = host.IndexOf('.');
        return dot > 0 ? host[..dot] : host;
    }

    private IEnumerable<string> Resolve(string path)
    {
        List<string> files;
        try
        {
            files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider).ToList();
            if (provider.Name != "FileSystem")
            {
                WriteError(new HaToolsException("ConfigPathNotFileSystem", HaToolsErrorKind.InvalidArgument, $"'{path}' is not a file system path.", path));
                return [];
            }
        }
        catch (ItemNotFoundException)
        {
            files = [];
        }
        if (files.Count == 0)
            WriteError(new HaToolsException("ConfigFileNotFound", HaToolsErrorKind.ObjectNotFound, $"Cannot find keepalived configuration file '{path}'.", path));
        return files;
    }

    private void Emit(Func<KeepalivedConfig> parse, string? target = null)
    {
        KeepalivedConfig config;
        try
        {
            config = parse();
        }
        catch (HaToolsException ex)
        {
            WriteError(ex, target ?? ex.Target);
            return;
        }
        if (Validate.IsPresent)
        {
            _interfaces ??= HostConfigValidator.HostInterfaces();
            config.Diagnostics.AddRange(HostConfigValidator.Validate(config, _interfaces));
        }
        foreach (var d in config.Diagnostics)
        {
            if (Strict.IsPresent && d.Severity >= DiagnosticSeverity.Warning)
            {
                WriteVerbose($"-Strict: stopping at {d}");
                ThrowTerminatingError(ToErrorRecord(d));
            }
            if (d.Severity == DiagnosticSeverity.Error) WriteError(ToErrorRecord(d));
            else if (d.Severity == DiagnosticSeverity.Warning) WriteWarning(d.ToString());
            else WriteVerbose(d.ToString());
        }
        WriteObject(config);
    }

    private static ErrorRecord ToErrorRecord(ConfigDiagnostic d)
    {
        var category = d.Code switch
        {
            DiagnosticCodes.IncludeReadError => ErrorCategory.ReadError,
            DiagnosticCodes.IncludeNotFound => ErrorCategory.ObjectNotFound,
            DiagnosticCodes.FileTooLarge or DiagnosticCodes.ExpansionTooLarge or DiagnosticCodes.NestingTooDeep or DiagnosticCodes.IncludeTooDeep => ErrorCategory.LimitsExceeded,
            DiagnosticCodes.UnknownKeyword or DiagnosticCodes.ObsoleteKeyword => ErrorCategory.SyntaxError,
            DiagnosticCodes.ExtraCloseBrace or DiagnosticCodes.MissingCloseBrace or DiagnosticCodes.UnexpectedOpenBrace or DiagnosticCodes.UnterminatedQuote => ErrorCategory.SyntaxError,
            _ => ErrorCategory.InvalidData,
        };
        var ex = new HaToolsException(d.Code, HaToolsErrorKind.InvalidData, d.ToString(), d);
        return new ErrorRecord(ex, d.Code, category, d);
    }
}
