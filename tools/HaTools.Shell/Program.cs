using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HaTools.Shell;

/// <summary>
/// hatools-shell: runs a script or command in the real PowerShell engine with HaTools imported.
/// Output goes through Out-Default (so the module's default views apply) to stdout, errors to stderr.
/// Ctrl+C / SIGTERM stop the pipeline (a -Wait'ing Start-VrrpInstance then stops gracefully);
/// jobs still running when the script ends are stopped before exit, so no VIP is left behind.
/// </summary>
internal static class Program
{
    private static readonly Regex ParameterToken = new(@"^-([A-Za-z_][\w-]*)(:(.*))?$", RegexOptions.CultureInvariant);

    private static int Main(string[] args)
    {
        if (!ShellOptions.TryParse(args, out var options, out var error))
        {
            if (error.Length > 0) Console.Error.WriteLine("hatools-shell: " + error);
            Console.Error.WriteLine(ShellOptions.Usage);
            return error.Length > 0 ? 64 : 0;
        }

        // Registered first: SMA takes seconds to start on a loaded machine, and a SIGTERM in that
        // window must not kill us without cleanup.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");

        var host = new ShellHost();
        var iss = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(host, iss);
        runspace.Open();

        using (var prelude = PowerShell.Create())
        {
            // Plain text when piped (the demo log, CI); ANSI only on a terminal.
            var rendering = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") != null ? "PlainText" : "Host";
            ShellHostUserInterface.PlainText = rendering == "PlainText";
            prelude.Runspace = runspace;
            prelude.AddScript(Prelude.Script).AddArgument(rendering).Invoke();
        }

        if (options.ImportModule)
        {
            var manifest = options.ModulePath ?? Environment.GetEnvironmentVariable("HATOOLS_MANIFEST") ?? FindManifest();
            if (manifest is null)
            {
                Console.Error.WriteLine("hatools-shell: HaTools.psd1 not found above " + AppContext.BaseDirectory + "; pass -Module or set HATOOLS_MANIFEST.");
                return 66;
            }
            using var import = PowerShell.Create();
            import.Runspace = runspace;
            import.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop");
            try
            {
                import.Invoke();
            }
            catch (RuntimeException ex)
            {
                Console.Error.WriteLine("hatools-shell: cannot import " + manifest + ": " + ex.Message);
                return 66;
            }
        }

        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        if (options.File is not null)
        {
            var path = Path.GetFullPath(options.File);
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"hatools-shell: script '{options.File}' not found.");
                return 66;
            }
            ps.AddCommand(path);
            AddFileArguments(ps, options.Arguments);
        }
        else
        {
            ps.AddScript(options.Command!);
        }
        ps.AddCommand("Out-Default");
        Forward(ps.Streams);

        lock (SignalGate)
        {
            if (_signalled > 0) return 130;
            _current = ps;
        }

        var exitCode = 0;
        try
        {
            ps.Invoke();
            if (ps.InvocationStateInfo.State == PSInvocationState.Stopped) exitCode = 130;
        }
        catch (PipelineStoppedException)
        {
            exitCode = 130;
        }
        catch (RuntimeException ex)
        {
            WriteError(ex.ErrorRecord);
            exitCode = 1;
        }

        if (host.ExitCode is int code)
            exitCode = code;
        else if (options.File is not null && exitCode == 0 && runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int last)
            exitCode = last;

        StopRemainingJobs(runspace);
        return exitCode;
    }

    private static readonly object SignalGate = new();
    private static int _signalled;
    private static PowerShell? _current;

    /// <summary>First signal: stop the pipeline (graceful VRRP shutdown). Second: exit at once.</summary>
    private static void OnSignal(PosixSignalContext ctx)
    {
        ctx.Cancel = true;
        PowerShell? ps;
        lock (SignalGate)
        {
            ps = _current;
            if (++_signalled > 1) Environment.Exit(130);
        }
        ShellHostUserInterface.Out(Console.Error, "hatools-shell: stopping (signal again to exit at once)\n");
        ps?.BeginStop(null, null);
    }

    /// <summary>pwsh -File style: "-Name value", "-Name:value" and bare "-Switch" become named parameters.</summary>
    private static void AddFileArguments(PowerShell ps, IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var m = ParameterToken.Match(args[i]);
            if (!m.Success)
            {
                ps.AddArgument(args[i]);
                continue;
            }
            var name = m.Groups[1].Value;
            if (m.Groups[2].Success)
                ps.AddParameter(name, m.Groups[3].Value);
            else if (i + 1 < args.Count && !ParameterToken.IsMatch(args[i + 1]))
                ps.AddParameter(name, args[++i]);
            else
                ps.AddParameter(name);
        }
    }

    private static void Forward(PSDataStreams streams)
    {
        streams.Error.DataAdded += (s, e) => WriteError(((PSDataCollection<ErrorRecord>)s!)[e.Index]);
        // Warning, verbose, debug and information (per their preference) reach the host UI; errors do not.
    }

    private static void WriteError(ErrorRecord r)
    {
        var where = r.InvocationInfo?.MyCommand?.Name is { Length: > 0 } cmd ? cmd + ": " : "";
        Line(Console.Error, $"{where}{r.Exception?.Message ?? r.ToString()} ({r.FullyQualifiedErrorId})");
    }

    private static void Line(TextWriter w, string text) => ShellHostUserInterface.Out(w, text + "\n");

    /// <summary>Jobs outlive the script otherwise and die with the process, leaving VIPs configured.</summary>
    private static void StopRemainingJobs(Runspace runspace)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Get-Job | Where-Object { $_.State -eq 'Running' } | Stop-Job");
        var done = ps.BeginInvoke();
        if (!done.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(15)))
            Console.Error.WriteLine("hatools-shell: jobs did not stop within 15 s; exiting anyway.");
    }

    private static string? FindManifest()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "HaTools.psd1");
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
