using System.Management.Automation;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Removes real servers from IPVS services (ipvsadm -d).</summary>
[Cmdlet(VerbsCommon.Remove, "IpvsRealServer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class RemoveIpvsRealServerCommand : IpvsRealServerTargetCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var (service, server) in CollectTargets())
        {
            if (!ShouldProcess($"{service.Name} -> {server.Name}", "Remove real server"))
                continue;
            if (TryCore(() => Client.RemoveRealServer(service, server)) && PassThru)
                WriteObject(server);
        }
    }
}
