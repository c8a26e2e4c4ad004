using System.Collections.Concurrent;
using HaTools.Core.Scripts;

namespace HaTools.Core.Tests.Scripts;

/// <summary>Answers script runs from a queue of outcomes (default success), optionally slowly; records every command.</summary>
public sealed class FakeScriptRunner : IScriptRunner
{
    public ConcurrentQueue<bool> Outcomes { get; } = new();

    public ConcurrentQueue<ScriptCommand> Runs { get; } = new();

    public TimeSpan Delay { get; set; }

    public async Task<ScriptResult> RunAsync(ScriptCommand command, ScriptRunOptions options, CancellationToken cancellationToken = default)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, CancellationToken.None);
        Runs.Enqueue(command);
        var ok = !Outcomes.TryDequeue(out var o) || o;
        return new ScriptResult(command, ok ? ScriptOutcome.Succeeded : ScriptOutcome.Failed, ok ? 0 : 1, Delay, "", "", false, ok ? null : "exited with status 1");
    }
}
