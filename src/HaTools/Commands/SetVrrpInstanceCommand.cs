using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Vrrp;
using HaTools.Jobs;

namespace HaTools.Commands;

/// <summary>Changes a running instance: its base priority, or maintenance (step down cleanly and stay backup).</summary>
[Cmdlet(VerbsCommon.Set, "VrrpInstance", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(VrrpInstanceStatus))]
public sealed class SetVrrpInstanceCommand : HaToolsCmdlet
{
    public const string NameSet = "Name";
    public const string InputObjectSet = "InputObject";

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.VrrpInstanceNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>Only the instance in this job (Get-Job's Id); Get-VrrpInstance output carries it.</summary>
    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    public int? JobId { get; set; }

    /// <summary>A Get-VrrpInstance result.</summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    [Parameter]
    [ValidateRange(1, 255)]
    public int Priority { get; set; }

    /// <summary>-Maintenance steps down (priority-0 advert) and stays backup; -Maintenance:$false returns to service.</summary>
    [Parameter]
    public SwitchParameter Maintenance { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Priority)) && !MyInvocation.BoundParameters.ContainsKey(nameof(Maintenance)))
        {
            ThrowTerminatingError(new HaToolsException("VrrpNothingToSet", HaToolsErrorKind.InvalidArgument,
                "Give -Priority and/or -Maintenance.", null));
        }
    }

    protected override void ProcessRecord()
    {
        var (name, jobId) = Target();
        var matches = VrrpInstanceLookup.Find(this, name, jobId).ToList();
        if (matches.Count == 0)
        {
            WriteError(VrrpInstanceLookup.NotFound(name, jobId));
            return;
        }

        foreach (var (job, instance) in matches)
        {
            var what = new List<string>();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Priority))) what.Add("priority " + Priority);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Maintenance))) what.Add(Maintenance ? "maintenance on (step down)" : "maintenance off");
            if (!ShouldProcess($"VRRP instance {instance} (job {job.Id})", "Set " + string.Join(", ", what))) continue;
            try
            {
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Priority)))
                    VrrpInstanceLookup.Await(job.Runtime.SetPriorityAsync(instance, Priority));
                // The same path as Suspend-/Resume-VrrpInstance, so the job state and the reason stay right.
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Maintenance)))
                {
                    if (Maintenance) job.SuspendInstance(instance, "Set-VrrpInstance -Maintenance");
                    else job.ResumeInstance(instance);
                }
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

    private (string Name, int? JobId) Target()
    {
        if (ParameterSetName == NameSet) return (Name, JobId);
        var (pattern, _, id) = VrrpInstanceLookup.FromStatusObject(InputObject!);
        return (pattern, id);
    }
}
