using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Reads the kernel's IPVS version and connection table size.</summary>
[Cmdlet(VerbsCommon.Get, "IpvsInfo")]
[OutputType(typeof(IpvsInfo))]
public sealed class GetIpvsInfoCommand : IpvsCommandBase
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(Client.GetInfo());
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
