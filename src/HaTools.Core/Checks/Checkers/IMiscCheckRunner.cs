namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// Runs a MISC_CHECK program to completion or timeout and returns its exit code. Kept this small so the
/// shared script runner (Scripts/, argv, user switching) can be adapted to it; the checker only needs
/// "exit code, or why there is none".
/// </summary>
public interface IMiscCheckRunner
{
    Task<MiscRunResult> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, string? user, string? group, CancellationToken cancellationToken);
}

/// <summary>Exit code when the program exited; otherwise why not (timed out, could not start).</summary>
public readonly record struct MiscRunResult(int? ExitCode, string? Failure, TimeSpan Duration);
