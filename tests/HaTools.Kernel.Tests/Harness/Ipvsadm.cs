using System.Diagnostics;

namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// The real ipvsadm, the referee for every IPVS test: whatever HaTools does must read back the
/// same through it. Numeric output (-n) always, so no test depends on name resolution.
/// </summary>
public static class Ipvsadm
{
    /// <summary>TCG is slow and CPUs are shared: generous, but a hung ipvsadm still fails the test.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs ipvsadm and returns its stdout; a non-zero exit fails with ipvsadm's own message.</summary>
    public static string Run(params string[] args)
    {
        var r = TryRun(args);
        if (r.ExitCode != 0)
            throw new IpvsadmException(args, r);
        return r.Stdout;
    }

    /// <summary>Runs ipvsadm and returns exit code, stdout and stderr, whatever the outcome.</summary>
    public static IpvsadmResult TryRun(params string[] args) => Execute(args, stdin: null);

    /// <summary><c>ipvsadm -R</c>: restores a table from ipvsadm-save text (as written by <c>-S</c>).</summary>
    public static void Restore(string rules)
    {
        string[] args = ["-R"];
        var r = Execute(args, rules);
        if (r.ExitCode != 0)
            throw new IpvsadmException(args, r);
    }

    /// <summary><c>ipvsadm -C</c>: empties the table.</summary>
    public static void Clear() => Run("-C");

    /// <summary><c>ipvsadm -Ln</c>, parsed.</summary>
    public static IpvsadmListing List() => IpvsadmListing.Parse(Run("-L", "-n"));

    /// <summary><c>ipvsadm -Sn</c>: the table in ipvsadm-save form.</summary>
    public static string Save() => Run("-S", "-n");

    /// <summary><c>ipvsadm -L --timeout</c>: tcp, tcpfin and udp timeouts in seconds.</summary>
    public static IpvsadmTimeouts Timeouts() => IpvsadmTimeouts.Parse(Run("-L", "--timeout"));

    private static IpvsadmResult Execute(string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo("ipvsadm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ipvsadm");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"ipvsadm {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds:0} s");
        }
        p.WaitForExit();
        return new IpvsadmResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
