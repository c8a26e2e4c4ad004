namespace HaTools.PowerShell.Tests;

/// <summary>
/// Test classes that start jobs, or check that none were started, run one after another: a job the module
/// registers is listed by Get-Job in every runspace of the process, not only in the session that started it.
/// The VRRP classes among them also share the lab's namespace names.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostedJobsCollection
{
    public const string Name = "HostedJobs";
}
