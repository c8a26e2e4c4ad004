using System.Management.Automation;
using HaTools.Core.Vrrp;
using HaTools.Jobs;

namespace HaTools.Commands;

/// <summary>Status of the VRRP instances running in this session's jobs: state, priority and why, master, counters.</summary>
[Cmdlet(VerbsCommon.Get, "VrrpInstance", DefaultParameterSetName = NameSet)]
[OutputType(typeof(VrrpInstanceStatus))]
public sealed class GetVrrpInstanceCommand : HaToolsCmdlet
{
    public const string NameSet = "Name";
    public const string JobSet = "Job";

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.VrrpInstanceNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = JobSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VrrpJob[] Job { get; set; } = Array.Empty<VrrpJob>();

    protected override void ProcessRecord()
    {
        var jobs = ParameterSetName == JobSet ? Job : VrrpInstanceLookup.SessionJobs(this);
        foreach (var job in jobs)
        {
            foreach (var status in job.GetInstanceStatus())
            {
                if (Name is null || Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(status.Name)))
                    WriteObject(VrrpInstanceLookup.WithJob(status, job));
            }
        }

        // A literal name that matched nothing is an error, as Get-Job -Name does.
        if (Name is not null)
        {
            foreach (var n in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (!jobs.Any(j => j.Instances.Contains(n, StringComparer.OrdinalIgnoreCase)))
                    WriteError(VrrpInstanceLookup.NotFound(n, null));
            }
        }
    }
}
