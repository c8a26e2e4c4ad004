using System.Text;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// Running processes from /proc: comm and state from /proc/PID/stat (zombies are not running, so skipped, as
/// keepalived does), argv from /proc/PID/cmdline only when asked (reading it can touch swapped-out memory).
/// A process that exits while being read is simply not there.
/// </summary>
public static class ProcFs
{
    public static List<ProcessSnapshot> Scan(bool readCommandLine, string root = "/proc")
    {
        var list = new List<ProcessSnapshot>();
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return list;
        }

        foreach (string dir in dirs)
        {
            if (int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && Read(pid, readCommandLine, root) is { } p)
            {
                list.Add(p);
            }
        }

        return list;
    }

    public static ProcessSnapshot? Read(int pid, bool readCommandLine, string root = "/proc")
    {
        try
        {
            string stat = File.ReadAllText($"{root}/{pid}/stat");
            if (!TryParseStat(stat, out string comm, out char state) || state == 'Z')
            {
                return null;
            }

            IReadOnlyList<string>? argv = null;
            if (readCommandLine)
            {
                argv = SplitCommandLine(File.ReadAllBytes($"{root}/{pid}/cmdline"));
            }

            return new ProcessSnapshot(pid, comm, argv);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"PID (comm) S ...": comm may hold spaces and parentheses, so it ends at the last ')'.</summary>
    public static bool TryParseStat(string stat, out string comm, out char state)
    {
        comm = string.Empty;
        state = '\0';
        int open = stat.IndexOf('(');
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length)
        {
            return false;
        }

        comm = stat[(open + 1)..close];
        state = stat[close + 2];
        return true;
    }

    /// <summary>cmdline is NUL-separated argv with a trailing NUL.</summary>
    public static IReadOnlyList<string> SplitCommandLine(ReadOnlySpan<byte> cmdline)
    {
        if (!cmdline.IsEmpty && cmdline[^1] == 0)
        {
            cmdline = cmdline[..^1];
        }

        return cmdline.IsEmpty ? [] : Encoding.UTF8.GetString(cmdline).Split('\0');
    }
}
