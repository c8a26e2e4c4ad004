using System.Management.Automation;
using System.Text;
using HaTools.Core;
using HaTools.Core.Config;

namespace HaTools.Commands;

/// <summary>
/// Export-KeepalivedConfig: writes config objects (a whole KeepalivedConfig, or sections such as
/// vrrp_instance and virtual_server objects) as keepalived.conf text, to the pipeline or a file.
/// </summary>
[Cmdlet(VerbsData.Export, "KeepalivedConfig", DefaultParameterSetName = ToPipelineSet, SupportsShouldProcess = true)]
[OutputType(typeof(string), ParameterSetName = [ToPipelineSet])]
[OutputType(typeof(FileInfo), ParameterSetName = [ToFileSet])]
public sealed class ExportKeepalivedConfigCommand : HaToolsCmdlet
{
    public const string ToPipelineSet = "ToPipeline";
    public const string ToFileSet = "ToFile";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ConfigObject[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ToFileSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(ParameterSetName = ToFileSet)]
    public SwitchParameter Force { get; set; }

    [Parameter(ParameterSetName = ToFileSet)]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    [Parameter(ParameterSetName = ToFileSet)]
    public SwitchParameter PassThru { get; set; }

    private readonly StringBuilder _text = new();

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            string text;
            try
            {
                text = KeepalivedConfigWriter.Write(item);
            }
            catch (HaToolsException ex)
            {
                WriteError(ex);
                continue;
            }
            if (ParameterSetName == ToPipelineSet) WriteObject(text);
            else
            {
                if (_text.Length > 0) _text.Append('\n');
                _text.Append(text);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != ToFileSet || _text.Length == 0) return;
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(path))
        {
            ThrowTerminatingError(new HaToolsException("ConfigPathIsDirectory", HaToolsErrorKind.InvalidArgument, $"'{Path}' is a directory.", Path));
            return;
        }
        var exists = File.Exists(path);
        if (exists && NoClobber.IsPresent)
        {
            ThrowTerminatingError(new HaToolsException("ConfigFileExists", HaToolsErrorKind.ResourceExists,
                $"'{path}' already exists and -NoClobber was given.", Path));
            return;
        }
        if (!ShouldProcess(path, exists ? "Overwrite keepalived configuration" : "Write keepalived configuration")) return;
        try
        {
            if (exists && Force.IsPresent)
            {
                var info = new FileInfo(path);
                if (info.IsReadOnly) info.IsReadOnly = false;
            }
            File.WriteAllText(path, _text.ToString(), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var kind = ex is UnauthorizedAccessException ? HaToolsErrorKind.PermissionDenied : HaToolsErrorKind.InvalidOperation;
            ThrowTerminatingError(new HaToolsException("ConfigFileWriteFailed", kind, $"Cannot write '{path}': {ex.Message}", Path, ex));
            return;
        }
        if (PassThru.IsPresent) WriteObject(new FileInfo(path));
    }
}
