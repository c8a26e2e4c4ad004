using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Writes the IPVS table (or given services) in ipvsadm-save format, readable by ipvsadm -R.</summary>
[Cmdlet(VerbsData.Export, "IpvsConfig", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
public sealed class ExportIpvsConfigCommand : IpvsCommandBase
{
    private readonly List<IpvsService> _given = new();

    /// <summary>Services to write; without it, the kernel's whole table.</summary>
    [Parameter(ValueFromPipeline = true)]
    public IpvsService[]? InputObject { get; set; }

    [Parameter(Position = 0)]
    public string? Path { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject != null)
            _given.AddRange(InputObject);
    }

    protected override void EndProcessing()
    {
        try
        {
            IReadOnlyList<IpvsService> services;
            if (_given.Count > 0)
            {
                // Services piped without their real servers (Get-IpvsService) get them from the kernel.
                services = _given.Select(s => s.RealServers.Count > 0 ? s : s with { RealServers = Client.GetRealServers(s) }).ToList();
            }
            else
            {
                services = Client.GetServices(includeRealServers: true);
            }
            var text = IpvsSaveFormat.Write(services);
            if (Path == null)
            {
                WriteObject(text);
                return;
            }
            var full = GetUnresolvedProviderPathFromPSPath(Path);
            if (ShouldProcess(full, $"Write {services.Count} IPVS services in ipvsadm-save format"))
                File.WriteAllText(full, text);
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
        }
        catch (IOException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "IpvsExportWriteFailed", ErrorCategory.WriteError, Path));
        }
        catch (UnauthorizedAccessException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "IpvsExportWriteFailed", ErrorCategory.PermissionDenied, Path));
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
