using System.Management.Automation;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Zeroes the packet, byte and connection counters of IPVS services and their real servers (ipvsadm -Z).</summary>
[Cmdlet(VerbsCommon.Clear, "IpvsCounter", SupportsShouldProcess = true, DefaultParameterSetName = AllSet)]
[OutputType(typeof(IpvsService))]
public sealed class ClearIpvsCounterCommand : IpvsServiceTargetCommandBase
{
    public const string AllSet = "All";

    protected override void ProcessRecord()
    {
        if (ParameterSetName == AllSet)
        {
            if (ShouldProcess("every IPVS service", "Zero the counters"))
            {
                if (TryCore(() => Client.ZeroCounters()) && PassThru)
                    TryCore(() => WriteObject(Client.GetServices(), enumerateCollection: true));
            }
            return;
        }

        foreach (var key in TargetServices)
        {
            if (!ShouldProcess(key.Name, "Zero the counters"))
                continue;
            // A missing service comes back from the kernel as ESRCH, which the client maps to IpvsServiceNotFound.
            if (TryCore(() => Client.ZeroCounters(key)) && PassThru)
            {
                TryCore(() =>
                {
                    if (Client.GetService(key) is { } read)
                        WriteObject(read);
                });
            }
        }
    }
}
