using System.Management.Automation;
using HaTools.Core.Vrrp;
using HaTools.Jobs;

namespace HaTools.Commands;

/// <summary>
/// Returns suspended instances to normal election: as backups they wait Master_Down_Interval and take over if no
/// better master advertises (or preempt a lower-priority one, unless nopreempt).
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "VrrpInstance", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(VrrpInstanceStatus))]
public sealed class ResumeVrrpInstanceCommand : VrrpInstanceTargetCommandBase
{
    protected override string Action => "Resume (back to election)";

    protected override void Apply(VrrpJob job, string instance) => job.ResumeInstance(instance);
}
