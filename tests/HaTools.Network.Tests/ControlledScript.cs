using System.Globalization;
using HaTools.Core.Lab;

namespace HaTools.Network.Tests;

/// <summary>
/// A track script whose behaviour the test switches at run time through a mode file: ok (exit 0), fail (exit 1),
/// hang (sleeps far past any timeout, after noting its pid), flap (fails and succeeds on alternate runs).
/// </summary>
internal sealed class ControlledScript
{
    private const string Body = """
        #!/bin/sh
        d=$(dirname "$0")
        echo run >> "$d/runs"
        case "$(cat "$d/mode")" in
          ok) exit 0 ;;
          fail) exit 1 ;;
          hang) echo $$ >> "$d/hung.pids"; exec sleep 300 ;;
          flap) n=$(wc -l < "$d/runs"); exit $((n % 2)) ;;
        esac
        exit 2
        """;

    private readonly string _dir;

    public ControlledScript(FailoverLab lab, string name, string mode = "ok")
    {
        _dir = Path.Combine(lab.Directory, "script-" + name);
        Directory.CreateDirectory(_dir);
        FilePath = System.IO.Path.Combine(_dir, "check.sh");
        File.WriteAllText(FilePath, Body.Replace("\r", string.Empty) + "\n");
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Mode = mode;
    }

    /// <summary>Where the script is (an executable file).</summary>
    public string FilePath { get; }

    public string Mode
    {
        get => File.ReadAllText(System.IO.Path.Combine(_dir, "mode")).Trim();
        set
        {
            // Write then rename, so a run never reads a half-written mode.
            string tmp = System.IO.Path.Combine(_dir, "mode.tmp");
            File.WriteAllText(tmp, value + "\n");
            File.Move(tmp, System.IO.Path.Combine(_dir, "mode"), overwrite: true);
        }
    }

    /// <summary>How many times the script has run.</summary>
    public int Runs => File.Exists(System.IO.Path.Combine(_dir, "runs")) ? File.ReadAllLines(System.IO.Path.Combine(_dir, "runs")).Length : 0;

    /// <summary>Pids of runs that hung (the sleep replaced the shell, so the pid is the sleeping process).</summary>
    public IReadOnlyList<int> HungPids
    {
        get
        {
            string file = System.IO.Path.Combine(_dir, "hung.pids");
            return File.Exists(file)
                ? File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray()
                : Array.Empty<int>();
        }
    }

    /// <summary>True when <paramref name="pid"/> is still a live (not zombie) process.</summary>
    public static bool IsAlive(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
