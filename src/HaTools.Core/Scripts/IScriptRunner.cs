namespace HaTools.Core.Scripts;

/// <summary>Runs track, notify and MISC_CHECK scripts; faked in unit tests of whatever schedules them.</summary>
public interface IScriptRunner
{
    /// <summary>Runs the command to completion, timeout or cancellation; never throws for script failures.</summary>
    Task<ScriptResult> RunAsync(ScriptCommand command, ScriptRunOptions options, CancellationToken cancellationToken = default);
}
