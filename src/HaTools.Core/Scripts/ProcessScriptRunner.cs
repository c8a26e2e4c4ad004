using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace HaTools.Core.Scripts;

/// <summary>
/// Runs scripts as child processes: argv straight to exec (no /bin/sh), stdin closed, stdout and
/// stderr captured up to a limit, SIGKILL to the whole process tree on timeout or cancellation.
/// Another user is reached through setpriv(1) (util-linux), which execs the script in place.
/// </summary>
public sealed class ProcessScriptRunner : IScriptRunner
{
    // Grandchildren that escaped the tree kill may hold our pipes open: stop reading after this.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly string _setprivPath;
    private readonly string _passwdPath;

    public ProcessScriptRunner(TimeProvider? time = null, string setprivPath = "/usr/bin/setpriv", string passwdPath = "/etc/passwd")
    {
        _time = time ?? TimeProvider.System;
        _setprivPath = setprivPath;
        _passwdPath = passwdPath;
    }

    public async Task<ScriptResult> RunAsync(ScriptCommand command, ScriptRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(options);
        var started = _time.GetTimestamp();

        ProcessStartInfo psi;
        try
        {
            psi = BuildStartInfo(command, options);
        }
        catch (HaToolsException ex)
        {
            return new ScriptResult(command, ScriptOutcome.FailedToStart, null, TimeSpan.Zero, "", "", false, ex.Message);
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            if (!process.Start())
                return new ScriptResult(command, ScriptOutcome.FailedToStart, null, TimeSpan.Zero, "", "", false, "the process did not start");
        }
        catch (Win32Exception ex)
        {
            return new ScriptResult(command, ScriptOutcome.FailedToStart, null, TimeSpan.Zero, "", "", false,
                $"cannot execute '{command.Path}': {ex.Message}");
        }

        process.StandardInput.Close();
        var stdout = new BoundedCapture(options.OutputLimit);
        var stderr = new BoundedCapture(options.OutputLimit);
        var readOut = stdout.DrainAsync(process.StandardOutput.BaseStream);
        var readErr = stderr.DrainAsync(process.StandardError.BaseStream);

        using var timeout = options.Timeout is { } t ? new CancellationTokenSource(t, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var outcome = ScriptOutcome.Succeeded;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = cancellationToken.IsCancellationRequested ? ScriptOutcome.Cancelled : ScriptOutcome.TimedOut;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await Task.WhenAny(Task.WhenAll(readOut, readErr), Task.Delay(DrainGrace, _time)).ConfigureAwait(false);
        var duration = _time.GetElapsedTime(started);
        int? exitCode = process.HasExited ? process.ExitCode : null;
        if (outcome == ScriptOutcome.Succeeded && exitCode != 0)
            outcome = ScriptOutcome.Failed;

        string? message = outcome switch
        {
            ScriptOutcome.TimedOut => $"timed out after {options.Timeout!.Value.TotalSeconds:0.###} s and was killed",
            ScriptOutcome.Cancelled => "cancelled and killed",
            ScriptOutcome.Failed => $"exited with status {exitCode}",
            _ => null,
        };
        return new ScriptResult(command, outcome, exitCode, duration, stdout.Text, stderr.Text,
            stdout.Truncated || stderr.Truncated, message);
    }

    private ProcessStartInfo BuildStartInfo(ScriptCommand command, ScriptRunOptions options)
    {
        var psi = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        if (command.User is null && command.Group is null)
        {
            psi.FileName = command.Path;
        }
        else
        {
            // setpriv changes ids and execs the script itself: same pid, so the tree kill still reaches it.
            var (uid, gid, known) = ResolveAccount(command);
            psi.FileName = _setprivPath;
            psi.ArgumentList.Add("--reuid=" + uid);
            psi.ArgumentList.Add("--regid=" + gid);
            psi.ArgumentList.Add(known ? "--init-groups" : "--clear-groups");
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(command.Path);
        }

        foreach (var a in command.Arguments) psi.ArgumentList.Add(a);
        if (options.NetworkNamespace is { } ns)
        {
            // ip netns exec enters the namespace, then execs the rest (setpriv or the script) in place.
            psi.ArgumentList.Insert(0, psi.FileName);
            foreach (var a in new[] { ns, "exec", "netns" }) psi.ArgumentList.Insert(0, a);
            psi.FileName = "ip";
        }
        if (options.Environment is not null)
            foreach (var (k, v) in options.Environment) psi.Environment[k] = v;
        return psi;
    }

    /// <summary>uid and gid for the command's user/group, from the passwd/group files (no NSS, no syscall).</summary>
    private (string Uid, string Gid, bool KnownUser) ResolveAccount(ScriptCommand command)
    {
        var user = command.User ?? "0";
        string[]? entry = null;
        if (File.Exists(_passwdPath))
        {
            foreach (var line in File.ReadLines(_passwdPath))
            {
                var f = line.Split(':');
                if (f.Length >= 4 && (f[0] == user || f[2] == user)) { entry = f; break; }
            }
        }

        if (entry is null && !uint.TryParse(user, out _))
            throw new HaToolsException("ScriptUserNotFound", HaToolsErrorKind.ObjectNotFound,
                $"Script user '{user}' does not exist.", user);

        var uid = entry?[2] ?? user;
        var gid = command.Group ?? entry?[3]
            ?? throw new HaToolsException("ScriptGroupRequired", HaToolsErrorKind.InvalidArgument,
                $"Script user '{user}' has no passwd entry; name a group too.", user);
        return (uid, gid, entry is not null);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
        catch (Win32Exception)
        {
            // Exited, or a descendant we may not signal; the direct child is what we wait for.
        }
    }

    /// <summary>Keeps the first <c>limit</c> bytes of a stream and reads (and drops) the rest.</summary>
    private sealed class BoundedCapture
    {
        private readonly int _limit;
        private readonly MemoryStream _kept = new();

        public BoundedCapture(int limit) => _limit = Math.Max(0, limit);

        public bool Truncated { get; private set; }

        public string Text
        {
            get
            {
                lock (_kept) return Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
            }
        }

        public async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[4096];
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    lock (_kept)
                    {
                        var room = _limit - (int)_kept.Length;
                        if (room > 0) _kept.Write(buffer, 0, Math.Min(room, n));
                        if (n > room) Truncated = true;
                    }
                }
            }
            catch (IOException)
            {
                // The pipe broke when the child was killed: what we have is the capture.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
