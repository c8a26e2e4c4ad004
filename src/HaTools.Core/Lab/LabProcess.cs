using System.Diagnostics;
using System.Text;

namespace HaTools.Core.Lab;

/// <summary>A long-running program started in a lab namespace (a VRRP node, keepalived, a capture).</summary>
public sealed class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    internal LabProcess(string name, string ns, Process process)
    {
        Name = name;
        Namespace = ns;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Namespace { get; }

    /// <summary>Process id of the program itself (ip netns exec replaces itself with it).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>True for a VRRP router (HaTools or keepalived) started with <see cref="FailoverLab.StartRouter"/>: its life is the node's health.</summary>
    public bool IsRouter { get; internal set; }

    /// <summary>True once <see cref="Kill"/> was called: the lab treats the node as a crashed host from then on.</summary>
    public bool WasKilled { get; private set; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the program wrote to stdout and stderr so far, line by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Raised for each output line (from a thread-pool thread).</summary>
    public event Action<string>? LineWritten;

    /// <summary>Waits until a line containing <paramref name="text"/> was written; false on timeout or exit.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }

            Thread.Sleep(5);
        }

        return false;
    }

    /// <summary>Writes one line to the program's standard input (drivers that take commands).</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends SIGKILL: the program gets no chance to say goodbye (no priority-0 advert, VIPs stay).</summary>
    public void Kill()
    {
        WasKilled = true;
        if (!_process.HasExited)
        {
            Linux.Signals.Send(_process.Id, Linux.Signals.SIGKILL);
        }
    }

    /// <summary>Asks the program to stop (SIGTERM) and waits up to <paramref name="timeout"/>; true when it exited.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        Linux.Signals.Send(_process.Id, Linux.Signals.SIGTERM);

        return _process.WaitForExit((int)timeout.TotalMilliseconds);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit((int)timeout.TotalMilliseconds);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        LineWritten?.Invoke(line);
    }
}
