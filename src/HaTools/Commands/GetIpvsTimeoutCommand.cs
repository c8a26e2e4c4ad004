using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Reads the IPVS connection timeouts (ipvsadm -L --timeout).</summary>
[Cmdlet(VerbsCommon.Get, "IpvsTimeout")]
[OutputType(typeof(IpvsTimeouts))]
public sealed class GetIpvsTimeoutCommand : IpvsCommandBase
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(Client.GetTimeouts());
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
