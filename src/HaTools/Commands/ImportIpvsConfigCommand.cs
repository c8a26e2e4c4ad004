using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>
/// Reads an ipvsadm-save file (ipvsadm -S output) into service objects with their real servers.
/// It changes nothing: pipe to New-IpvsService (as ipvsadm -R) or Sync-IpvsConfig (only the differences).
/// </summary>
[Cmdlet(VerbsData.Import, "IpvsConfig")]
[OutputType(typeof(IpvsService))]
public sealed class ImportIpvsConfigCommand : HaToolsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var p in Path)
        {
            var full = GetUnresolvedProviderPathFromPSPath(p);
            string text;
            try
            {
                text = File.ReadAllText(full);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "IpvsConfigFileNotFound",
                    ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ObjectNotFound, p));
                continue;
            }
            if (!IpvsSaveFormat.TryParse(text, out var services, out var diagnostics))
            {
                foreach (var d in diagnostics)
                    WriteError(new HaToolsException("IpvsSaveSyntaxError", HaToolsErrorKind.InvalidData, $"{full}:{d.Line}: {d.Message}: {d.Text}", d));
                continue;
            }
            WriteObject(services, enumerateCollection: true);
        }
    }
}
