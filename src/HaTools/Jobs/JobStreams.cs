using System.Management.Automation;

namespace HaTools.Jobs;

/// <summary>Stream setup shared by the module's long-running jobs.</summary>
internal static class JobStreams
{
    /// <summary>Gives the job fresh stream collections whose enumerators never block, so Receive-Job returns at once (ThreadJob does the same).</summary>
    public static void UseNonBlockingStreams(Job job)
    {
        job.Output = new PSDataCollection<PSObject> { EnumeratorNeverBlocks = true };
        job.Error = new PSDataCollection<ErrorRecord> { EnumeratorNeverBlocks = true };
        job.Progress = new PSDataCollection<ProgressRecord> { EnumeratorNeverBlocks = true };
        job.Verbose = new PSDataCollection<VerboseRecord> { EnumeratorNeverBlocks = true };
        job.Debug = new PSDataCollection<DebugRecord> { EnumeratorNeverBlocks = true };
        job.Warning = new PSDataCollection<WarningRecord> { EnumeratorNeverBlocks = true };
        job.Information = new PSDataCollection<InformationRecord> { EnumeratorNeverBlocks = true };
    }
}
