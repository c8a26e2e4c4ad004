using System.Collections.Concurrent;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Scripts;

/// <summary>
/// Runs notify scripts for the VRRP loop without blocking it: each notification starts a script in the
/// background (argv, timeout, optional user). <see cref="WhenIdleAsync"/> lets a graceful stop wait for
/// notify_stop before it reports the job stopped.
/// </summary>
public sealed class ScriptNotifyRunner : INotifyRunner
{
    private readonly IScriptRunner _runner;
    private readonly ScriptRunOptions _options;
    private readonly string? _user;
    private readonly string? _group;
    private readonly Action<VrrpNotification, ScriptResult>? _completed;
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public ScriptNotifyRunner(IScriptRunner? runner = null, TimeSpan? timeout = null, string? user = null, string? group = null,
        Action<VrrpNotification, ScriptResult>? completed = null, string? networkNamespace = null)
    {
        _runner = runner ?? new ProcessScriptRunner();
        _options = new ScriptRunOptions { Timeout = timeout ?? TimeSpan.FromSeconds(30), OutputLimit = 1024, NetworkNamespace = networkNamespace };
        _user = user;
        _group = group;
        _completed = completed;
    }

    public void Run(VrrpNotification notification)
    {
        ScriptCommand command;
        try
        {
            command = ScriptCommand.Parse(notification.Script, _user, _group).WithAppendedArguments(notification.Arguments.ToArray());
        }
        catch (HaToolsException ex)
        {
            _completed?.Invoke(notification, new ScriptResult(new ScriptCommand("?"), ScriptOutcome.FailedToStart, null, TimeSpan.Zero, "", "", false, ex.Message));
            return;
        }

        Task? task = null;
        task = Task.Run(async () =>
        {
            try
            {
                var result = await _runner.RunAsync(command, _options).ConfigureAwait(false);
                _completed?.Invoke(notification, result);
            }
            finally
            {
                _running.TryRemove(task!, out _);
            }
        });
        _running.TryAdd(task, 0);
        if (task.IsCompleted) _running.TryRemove(task, out _);
    }

    /// <summary>Completes when every started notify script has ended (or <paramref name="timeout"/> passed).</summary>
    public async Task<bool> WhenIdleAsync(TimeSpan timeout)
    {
        var pending = _running.Keys.ToArray();
        if (pending.Length == 0) return true;
        var all = Task.WhenAll(pending);
        return await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) == all;
    }
}
