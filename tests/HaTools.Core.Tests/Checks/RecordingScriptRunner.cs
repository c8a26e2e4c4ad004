using System.Collections.Concurrent;
using HaTools.Core.Scripts;

namespace HaTools.Core.Tests.Checks;

/// <summary>Records the scripts it is asked to run; they all succeed at once.</summary>
public sealed class RecordingScriptRunner : IScriptRunner
{
    public ConcurrentQueue<string> Ran { get; } = new();

    /// <summary>Called with each script as it starts (to look at the world the script would see).</summary>
    public Action<string>? OnRun { get; set; }

    public Task<ScriptResult> RunAsync(ScriptCommand command, ScriptRunOptions options, CancellationToken cancellationToken = default)
    {
        OnRun?.Invoke(command.ToString());
        Ran.Enqueue(command.ToString());
        return Task.FromResult(new ScriptResult(command, ScriptOutcome.Succeeded, 0, TimeSpan.Zero, "", "", false));
    }
}
