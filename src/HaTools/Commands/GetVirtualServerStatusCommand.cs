using System.Management.Automation;
using HaTools.Core.Checks.VirtualServers;
using HaTools.Jobs.Checks;

namespace HaTools.Commands;

/// <summary>The live state of running virtual servers: quorum, each real server alive/in pool, weight and reason.</summary>
[Cmdlet(VerbsCommon.Get, "VirtualServerStatus")]
[OutputType(typeof(VirtualServerStatus))]
public sealed class GetVirtualServerStatusCommand : HaToolsCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public VirtualServerJob[]? Job { get; set; }

    protected override void ProcessRecord()
    {
        var jobs = Job ?? VirtualServerJobSourceAdapter.Repository.Values.OrderBy(j => j.Id).ToArray();
        foreach (var j in jobs)
        {
            if (j.JobStateInfo.State != JobState.Running) continue;
            foreach (var s in j.GetStatus()) WriteObject(s);
        }
    }
}
