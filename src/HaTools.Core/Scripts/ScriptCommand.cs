using System.Text;

namespace HaTools.Core.Scripts;

/// <summary>
/// A program and its arguments, run without a shell (argv, not a command line), optionally as
/// another user. keepalived.conf's <c>script "/path/to/check arg"</c> strings become one of these
/// through <see cref="Parse"/>.
/// </summary>
public sealed record ScriptCommand
{
    public ScriptCommand(string path, IEnumerable<string>? arguments = null, string? user = null, string? group = null)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new HaToolsException("ScriptPathEmpty", HaToolsErrorKind.InvalidArgument, "The script path is empty.", path);
        Path = path;
        Arguments = (arguments ?? Array.Empty<string>()).ToArray();
        User = string.IsNullOrEmpty(user) ? null : user;
        Group = string.IsNullOrEmpty(group) ? null : group;
    }

    /// <summary>The program to run (argv[0]).</summary>
    public string Path { get; }

    /// <summary>argv[1..], passed as they are: no globbing, no variable expansion.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Run as this user (name or numeric uid); null runs as the current user.</summary>
    public string? User { get; }

    /// <summary>Run with this group (name or gid); null takes the user's primary group.</summary>
    public string? Group { get; }

    /// <summary>The same command with extra arguments appended (keepalived's notify arguments).</summary>
    public ScriptCommand WithAppendedArguments(params string[] extra) =>
        new(Path, Arguments.Concat(extra), User, Group);

    /// <summary>
    /// Splits a keepalived script string into argv: words separated by blanks, "double" and
    /// 'single' quotes group words, a backslash escapes the next character. No shell involved.
    /// </summary>
    public static ScriptCommand Parse(string commandLine, string? user = null, string? group = null)
    {
        if (!TryParse(commandLine, out var argv, out var reason))
            throw new HaToolsException("ScriptCommandInvalid", HaToolsErrorKind.InvalidArgument,
                $"Cannot parse script command '{commandLine}': {reason}.", commandLine);
        return new ScriptCommand(argv[0], argv.Skip(1), user, group);
    }

    public static bool TryParse(string? commandLine, out string[] argv, out string reason)
    {
        argv = Array.Empty<string>();
        if (string.IsNullOrWhiteSpace(commandLine))
        {
            reason = "it is empty";
            return false;
        }

        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (c == '\\' && quote == '"' && i + 1 < commandLine.Length) current.Append(commandLine[++i]);
                else current.Append(c);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < commandLine.Length)
            {
                current.Append(commandLine[++i]);
                inWord = true;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote != '\0')
        {
            reason = $"unterminated {quote} quote";
            return false;
        }

        if (inWord) words.Add(current.ToString());
        argv = words.ToArray();
        reason = string.Empty;
        return true;
    }

    /// <summary>Shell-like display for logs (quoted where needed); never used to execute.</summary>
    public override string ToString()
    {
        static string Quote(string s) =>
            s.Length > 0 && s.All(ch => !char.IsWhiteSpace(ch) && ch is not ('"' or '\'' or '\\')) ? s : "'" + s.Replace("'", "'\\''") + "'";
        return string.Join(' ', new[] { Path }.Concat(Arguments).Select(Quote));
    }
}
