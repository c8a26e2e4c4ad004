using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Vrrp;
using HaTools.Jobs;

namespace HaTools.Commands;

/// <summary>
/// Stops VRRP instances gracefully (priority-0 advert, VIPs removed, notify_stop): one instance by name while
/// the job's others keep running, or a whole job.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "VrrpInstance", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(VrrpInstanceStatus))]
public sealed class StopVrrpInstanceCommand : HaToolsCmdlet
{
    public const string NameSet = "Name";
    public const string JobSet = "Job";

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.VrrpInstanceNameCompleter))]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    public int? JobId { get; set; }

    /// <summary>Stop every instance of these jobs (the same as Stop-Job, with -WhatIf/-Confirm).</summary>
    [Parameter(ParameterSetName = JobSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VrrpJob[] Job { get; set; } = Array.Empty<VrrpJob>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == JobSet)
        {
            foreach (var job in Job)
            {
                if (!ShouldProcess($"VRRP job {job.Id} ({string.Join(", ", job.Instances)})", "Stop")) continue;
                job.StopJob();
                if (PassThru) foreach (var s in job.GetInstanceStatus()) WriteObject(VrrpInstanceLookup.WithJob(s, job));
            }
            return;
        }

        var matches = VrrpInstanceLookup.Find(this, Name, JobId).ToList();
        if (matches.Count == 0)
        {
            WriteError(VrrpInstanceLookup.NotFound(Name, JobId));
            return;
        }

        foreach (var (job, instance) in matches)
        {
            if (!ShouldProcess($"VRRP instance {instance} (job {job.Id})", "Stop")) continue;
            try
            {
                VrrpInstanceLookup.Await(job.Runtime.StopInstanceAsync(instance));
            }
            catch (HaToolsException ex)
            {
                WriteError(ex, instance);
                continue;
            }

            if (PassThru && job.GetInstanceStatus().FirstOrDefault(s => s.Name == instance) is { } status)
                WriteObject(VrrpInstanceLookup.WithJob(status, job));
        }
    }
}
