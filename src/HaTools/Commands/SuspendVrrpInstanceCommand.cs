using System.Management.Automation;
using HaTools.Core.Vrrp;
using HaTools.Jobs;

namespace HaTools.Commands;

/// <summary>
/// Takes instances out of the election without stopping them, like keepalived's maintenance: a master sends a
/// priority-0 advert and releases its VIPs at once, and the instance keeps listening as backup but never takes over
/// until Resume-VrrpInstance. This is Set-VrrpInstance -Maintenance with a reason that Get-VrrpInstance shows.
/// </summary>
[Cmdlet(VerbsLifecycle.Suspend, "VrrpInstance", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(VrrpInstanceStatus))]
public sealed class SuspendVrrpInstanceCommand : VrrpInstanceTargetCommandBase
{
    protected override string Action => "Suspend (step down, stay backup)";

    protected override void Apply(VrrpJob job, string instance) => job.SuspendInstance(instance, "Suspend-VrrpInstance");
}
