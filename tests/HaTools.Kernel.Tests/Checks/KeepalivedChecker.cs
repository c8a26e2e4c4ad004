using System.Diagnostics;
using System.Text;
using HaTools.Core.Linux;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// keepalived 2.2 (the Debian package) in the foreground on a config with only virtual_server blocks:
/// it starts just its checker child, which programs IPVS. Stopped with SIGTERM, as systemd does, so it
/// takes out what it added.
/// </summary>
public sealed class KeepalivedChecker : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public KeepalivedChecker(string configText)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ht-keepalived-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        ConfigPath = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(ConfigPath, configText);
        var psi = new ProcessStartInfo("keepalived") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Own pid files under the guest's tmpfs /run, so it never meets another keepalived's.
        foreach (var a in new[] { "-n", "-l", "-D", "-f", ConfigPath, "-p", Path.Combine(dir, "keepalived.pid"), "-c", Path.Combine(dir, "checkers.pid"), "-r", Path.Combine(dir, "vrrp.pid") })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start keepalived");
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string ConfigPath { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>SIGTERM and wait: keepalived removes its destinations and the services it created.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        Signals.Send(_process.Id, Signals.SIGTERM);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("keepalived did not stop within 30 s of SIGTERM:\n" + Log);
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try { Stop(); } catch (Xunit.Sdk.XunitException) { }
        _process.Dispose();
    }
}
