using System.Collections.Concurrent;
using System.Management.Automation;

namespace HaTools.Jobs;

/// <summary>
/// Keeps the session's VRRP jobs so Get-Job, Receive-Job, Wait-Job, Stop-Job and Remove-Job work on them
/// (PowerShell/ThreadJob's pattern: the job registers itself through JobManager.NewJob).
/// </summary>
public sealed class VrrpJobSourceAdapter : JobSourceAdapter
{
    /// <summary>Key of the JobInvocationInfo parameter that carries the job being registered.</summary>
    internal const string JobParameter = "VrrpJob";

    private readonly ConcurrentDictionary<Guid, Job2> _repository = new();

    public VrrpJobSourceAdapter()
    {
        Name = nameof(VrrpJobSourceAdapter);
    }

    public override Job2 NewJob(JobInvocationInfo specification)
    {
        var job = specification.Parameters.Count == 0 ? null
            : specification.Parameters[0].FirstOrDefault(p => p.Name == JobParameter)?.Value as VrrpJob;
        if (job is null)
            throw new PSArgumentException("A VRRP job is created by Start-VrrpInstance.");
        _repository.TryAdd(job.InstanceId, job);
        return job;
    }

    public override IList<Job2> GetJobs() => _repository.Values.ToArray();

    public override IList<Job2> GetJobsByName(string name, bool recurse) =>
        _repository.Values.Where(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();

    public override IList<Job2> GetJobsByCommand(string command, bool recurse) =>
        _repository.Values.Where(j => string.Equals(j.Command, command, StringComparison.OrdinalIgnoreCase)).ToArray();

    public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse) =>
        _repository.TryGetValue(instanceId, out var job) ? job : null;

    public override Job2? GetJobBySessionId(int id, bool recurse) => _repository.Values.FirstOrDefault(j => j.Id == id);

    public override IList<Job2> GetJobsByState(JobState state, bool recurse) =>
        _repository.Values.Where(j => j.JobStateInfo.State == state).ToArray();

    public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse) =>
        throw new PSNotSupportedException("VRRP jobs cannot be filtered this way; use -Name, -Id or -State.");

    /// <summary>Remove-Job: a running job is stopped gracefully first (VIPs removed), then forgotten.</summary>
    public override void RemoveJob(Job2 job)
    {
        if (_repository.TryGetValue(job.InstanceId, out var found))
        {
            found.StopJob();
            _repository.TryRemove(job.InstanceId, out _);
        }
    }
}
