using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Deletes every IPVS service and real server (ipvsadm -C).</summary>
[Cmdlet(VerbsCommon.Clear, "IpvsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(IpvsService))]
public sealed class ClearIpvsServiceCommand : IpvsCommandBase
{
    /// <summary>Writes the services that were removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            var before = PassThru ? Client.GetServices() : [];
            if (ShouldProcess("the whole IPVS table", "Remove every IPVS service and real server"))
            {
                Client.Flush();
                WriteObject(before, enumerateCollection: true);
            }
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
