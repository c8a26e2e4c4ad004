using System.Collections.Concurrent;
using System.Management.Automation;

namespace HaTools.Jobs.Checks;

/// <summary>Keeps the session's virtual server jobs for Get-Job, Receive-Job, Stop-Job and Remove-Job.</summary>
public sealed class VirtualServerJobSourceAdapter : JobSourceAdapter
{
    internal const string JobParameter = "VirtualServerJob";

    internal static readonly ConcurrentDictionary<Guid, VirtualServerJob> Repository = new();

    public VirtualServerJobSourceAdapter() => Name = nameof(VirtualServerJobSourceAdapter);

    public override Job2 NewJob(JobInvocationInfo specification)
    {
        var job = specification.Parameters.Count == 0 ? null
            : specification.Parameters[0].FirstOrDefault(p => p.Name == JobParameter)?.Value as VirtualServerJob;
        if (job is null) throw new PSArgumentException("A virtual server job is created by Start-VirtualServer.");
        Repository.TryAdd(job.InstanceId, job);
        return job;
    }

    public override IList<Job2> GetJobs() => Repository.Values.ToArray<Job2>();

    public override IList<Job2> GetJobsByName(string name, bool recurse) =>
        Repository.Values.Where(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray<Job2>();

    public override IList<Job2> GetJobsByCommand(string command, bool recurse) =>
        Repository.Values.Where(j => string.Equals(j.Command, command, StringComparison.OrdinalIgnoreCase)).ToArray<Job2>();

    public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse) => Repository.TryGetValue(instanceId, out var j) ? j : null;

    public override Job2? GetJobBySessionId(int id, bool recurse) => Repository.Values.FirstOrDefault(j => j.Id == id);

    public override IList<Job2> GetJobsByState(JobState state, bool recurse) =>
        Repository.Values.Where(j => j.JobStateInfo.State == state).ToArray<Job2>();

    public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse) =>
        throw new PSNotSupportedException("Virtual server jobs cannot be filtered this way; use -Name, -Id or -State.");

    public override void RemoveJob(Job2 job)
    {
        if (Repository.TryRemove(job.InstanceId, out var found)) found.StopJob();
    }
}
