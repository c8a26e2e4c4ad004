using System.Collections.Concurrent;
using HaTools.Core.Scripts;

namespace HaTools.Core.Tests.Checks;

/// <summary>Records the scripts it is asked to run; they all succeed at once.</summary>
public sealed class RecordingScriptRunner : IScriptRunner
{
    public ConcurrentQueue<string> Ran { get; } = new();

    public Task<ScriptResult> RunAsync(ScriptCommand command, ScriptRunOptions options, CancellationToken cancellationToken = default)
    {
        Ran.Enqueue(command.ToString());
        return Task.FromResult(new ScriptResult(command, ScriptOutcome.Succeeded, 0, TimeSpan.Zero, "", "", false));
    }
}
