using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Vrrp;
using HaTools.Jobs;

namespace HaTools.Commands;

/// <summary>
/// Parameters and target lookup shared by the cmdlets that act on running instances one by one
/// (Suspend-/Resume-VrrpInstance): by -Name (wildcards) and -JobId, by a Get-VrrpInstance object, or every
/// instance of a -Job. Each target gets its own ShouldProcess and its own error, so one bad name does not stop the rest.
/// </summary>
public abstract class VrrpInstanceTargetCommandBase : HaToolsCmdlet
{
    public const string NameSet = "Name";
    public const string InputObjectSet = "InputObject";
    public const string JobSet = "Job";

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.VrrpInstanceNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only instances of this job (Get-Job's Id); Get-VrrpInstance output carries it.</summary>
    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    public int? JobId { get; set; }

    /// <summary>A Get-VrrpInstance result.</summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Every instance of these jobs (Start-VrrpInstance's result, Get-Job).</summary>
    [Parameter(ParameterSetName = JobSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VrrpJob[] Job { get; set; } = Array.Empty<VrrpJob>();

    /// <summary>Write the instance's status after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>"Suspend", "Resume": the ShouldProcess action.</summary>
    protected abstract string Action { get; }

    /// <summary>Does the change for one instance; HaToolsExceptions become that instance's ErrorRecord.</summary>
    protected abstract void Apply(VrrpJob job, string instance);

    protected override void ProcessRecord()
    {
        foreach (var (job, instance) in Targets())
        {
            if (!ShouldProcess($"VRRP instance {instance} (job {job.Id})", Action)) continue;
            try
            {
                if (job.GetInstanceStatus().FirstOrDefault(s => s.Name == instance) is { State: VrrpState.Stop })
                    throw new HaToolsException("VrrpInstanceNotRunning", HaToolsErrorKind.InvalidOperation,
                        $"VRRP instance {instance} (job {job.Id}) was stopped; start it again with Start-VrrpInstance.", instance);
                Apply(job, instance);
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

    private IEnumerable<(VrrpJob Job, string Instance)> Targets()
    {
        switch (ParameterSetName)
        {
            case JobSet:
                return Job.SelectMany(j => j.Instances.Select(i => (j, i)));
            case InputObjectSet:
                var (pattern, name, id) = VrrpInstanceLookup.FromStatusObject(InputObject!);
                return Matches(pattern, id, name);
            default:
                return Name.SelectMany(n => Matches(n, JobId, n)).Distinct().ToArray();
        }
    }

    private List<(VrrpJob, string)> Matches(string pattern, int? jobId, string shown)
    {
        var found = VrrpInstanceLookup.Find(this, pattern, jobId).ToList();
        if (found.Count == 0) WriteError(VrrpInstanceLookup.NotFound(shown, jobId));
        return found;
    }
}
