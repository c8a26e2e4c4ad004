using System.Management.Automation;
using System.Net;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Deletes IPVS services and their real servers (ipvsadm -D).</summary>
[Cmdlet(VerbsCommon.Remove, "IpvsService", SupportsShouldProcess = true, DefaultParameterSetName = EndpointSet)]
[OutputType(typeof(IpvsService))]
public sealed class RemoveIpvsServiceCommand : IpvsServiceTargetCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var key in TargetServices)
        {
            if (!ShouldProcess(key.Name, "Remove IPVS service"))
                continue;
            if (TryCore(() => Client.RemoveService(key)) && PassThru)
                WriteObject(key);
        }
    }
}
