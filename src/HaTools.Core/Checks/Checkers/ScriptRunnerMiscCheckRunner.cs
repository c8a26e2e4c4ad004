using HaTools.Core.Scripts;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// MISC_CHECK through the shared script runner (Scripts/): argv without a shell, run as misc_check's
/// user/group, killed with its children at the timeout, output captured within a small bound.
/// </summary>
public sealed class ScriptRunnerMiscCheckRunner : IMiscCheckRunner
{
    private readonly IScriptRunner _runner;

    public ScriptRunnerMiscCheckRunner(IScriptRunner? runner = null) => _runner = runner ?? new ProcessScriptRunner();

    public async Task<MiscRunResult> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, string? user, string? group, CancellationToken cancellationToken)
    {
        var command = new ScriptCommand(argv[0], argv.Skip(1), user, group);
        var r = await _runner.RunAsync(command, new ScriptRunOptions { Timeout = timeout, OutputLimit = 512 }, cancellationToken).ConfigureAwait(false);
        return r.Outcome switch
        {
            ScriptOutcome.Succeeded or ScriptOutcome.Failed when r.ExitCode is int code => new MiscRunResult(code, null, r.Duration),
            ScriptOutcome.TimedOut => new MiscRunResult(null, $"timed out after {timeout.TotalSeconds:0.###} s (killed)", r.Duration),
            ScriptOutcome.Cancelled => throw new OperationCanceledException(cancellationToken),
            _ => new MiscRunResult(null, r.FailureMessage ?? $"ended with {r.Outcome}", r.Duration),
        };
    }
}
