using System.Management.Automation;
using HaTools.Core;

namespace HaTools.Jobs;

/// <summary>Finds VRRP instances among the session's jobs (the session's repository, through Get-Job).</summary>
internal static class VrrpInstanceLookup
{
    public static IReadOnlyList<VrrpJob> SessionJobs(PSCmdlet cmdlet) =>
        cmdlet.InvokeCommand.InvokeScript(@"Microsoft.PowerShell.Core\Get-Job")
            .Select(o => o.BaseObject).OfType<VrrpJob>().ToArray();

    /// <summary>Instances matching <paramref name="name"/> (wildcards allowed) in the given jobs, or in all of the session's.</summary>
    public static IEnumerable<(VrrpJob Job, string Instance)> Find(PSCmdlet cmdlet, string? name, int? jobId, IEnumerable<VrrpJob>? jobs = null)
    {
        var pattern = name is null ? null : new WildcardPattern(name, WildcardOptions.IgnoreCase);
        foreach (var job in jobs ?? SessionJobs(cmdlet))
        {
            if (jobId is int id && job.Id != id) continue;
            foreach (var i in job.Instances)
            {
                if (pattern is null || pattern.IsMatch(i)) yield return (job, i);
            }
        }
    }

    public static HaToolsException NotFound(string? name, int? jobId) =>
        new("VrrpInstanceNotFound", HaToolsErrorKind.ObjectNotFound,
            $"No VRRP instance '{name}'{(jobId is int id ? $" in job {id}" : "")} runs in this session's jobs (see Get-VrrpInstance).", name);

    /// <summary>The status object with the job it belongs to, so the pipeline can carry it to Set-/Stop-VrrpInstance.</summary>
    /// <remarks>
    /// Suspended mirrors the instance's maintenance flag; SuspendReason says who asked and when
    /// ("Suspend-VrrpInstance at ...", "Suspend-Job at ...", "Set-VrrpInstance -Maintenance at ...").
    /// </remarks>
    public static PSObject WithJob(Core.Vrrp.VrrpInstanceStatus status, VrrpJob job)
    {
        var o = PSObject.AsPSObject(status);
        o.Properties.Add(new PSNoteProperty("JobId", job.Id));
        o.Properties.Add(new PSNoteProperty("JobName", job.Name));
        o.Properties.Add(new PSNoteProperty("Suspended", status.Maintenance));
        o.Properties.Add(new PSNoteProperty("SuspendReason", status.Maintenance ? job.SuspendReason(status.Name) ?? "maintenance" : null));
        return o;
    }

    /// <summary>
    /// The instance a piped Get-VrrpInstance object names (the reverse of <see cref="WithJob"/>): its name, escaped
    /// so it matches only itself, and its job's Id when the object carries one.
    /// </summary>
    public static (string Pattern, string Name, int? JobId) FromStatusObject(PSObject status)
    {
        var name = status.Properties["Name"]?.Value?.ToString() ?? "";
        var id = status.Properties["JobId"]?.Value is int j ? j : (int?)null;
        return (WildcardPattern.Escape(name), name, id);
    }

    /// <summary>Waits for a loop command; core failures become the HaToolsException the caller reports.</summary>
    public static void Await(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (HaToolsException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new HaToolsException("VrrpCommandFailed", HaToolsErrorKind.InvalidOperation, ex.Message, null, ex);
        }
    }
}
