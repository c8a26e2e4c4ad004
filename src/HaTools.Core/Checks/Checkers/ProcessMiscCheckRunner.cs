using System.Diagnostics;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// Runs the program directly (argv, no shell), drains stdout/stderr without keeping them (a script that
/// prints megabytes cannot block or grow memory), kills the whole process tree at the timeout.
/// Running as another user is not done here: that is the shared Scripts/ runner's job.
/// </summary>
public sealed class ProcessMiscCheckRunner : IMiscCheckRunner
{
    public async Task<MiscRunResult> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, string? user, string? group, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        if (user != null)
            return new MiscRunResult(null, $"running as user '{user}' needs the shared script runner", sw.Elapsed);
        var psi = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new MiscRunResult(null, $"cannot start {argv[0]}: {ex.Message}", sw.Elapsed);
        }
        using (p)
        {
            p.StandardInput.Close();
            var drainOut = DrainAsync(p.StandardOutput.BaseStream);
            var drainErr = DrainAsync(p.StandardError.BaseStream);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return new MiscRunResult(null, $"timed out after {timeout.TotalSeconds:0.###} s (killed)", sw.Elapsed);
            }
            await Task.WhenAll(drainOut, drainErr).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            return new MiscRunResult(p.ExitCode, null, sw.Elapsed);
        }
    }

    private static async Task DrainAsync(Stream s)
    {
        var buf = new byte[8192];
        try
        {
            while (await s.ReadAsync(buf).ConfigureAwait(false) > 0) { }
        }
        catch (IOException)
        {
        }
    }
}
