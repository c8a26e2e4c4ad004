namespace HaTools.Core.Scripts;

/// <summary>The result of one script run: outcome, exit code and a bounded capture of its output.</summary>
public sealed record ScriptResult(
    ScriptCommand Command,
    ScriptOutcome Outcome,
    int? ExitCode,
    TimeSpan Duration,
    string StandardOutput,
    string StandardError,
    bool OutputTruncated,
    string? FailureMessage = null)
{
    public bool Succeeded => Outcome == ScriptOutcome.Succeeded;
}
