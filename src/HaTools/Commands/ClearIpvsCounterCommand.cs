using System.Management.Automation;
using HaTools.Core;
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
            // The kernel answers a zero request for a missing service with ESRCH; find it first for a clear error.
            var found = FindService(key);
            if (found == null)
                continue;
            if (TryCore(() => Client.ZeroCounters(found)) && PassThru)
            {
                TryCore(() =>
                {
                    if (Client.GetService(found) is { } read)
                        WriteObject(read);
                });
            }
        }
    }
}
