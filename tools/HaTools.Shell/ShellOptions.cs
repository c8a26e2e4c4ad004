namespace HaTools.Shell;

/// <summary>The command line, pwsh-style: -File path [args] | -Command text, plus -NoModule and -Module path.</summary>
internal sealed record ShellOptions(string? File, string? Command, IReadOnlyList<string> Arguments, string? ModulePath, bool ImportModule)
{
    public const string Usage =
        "usage: hatools-shell [-NoModule] [-Module <HaTools.psd1>] (-File <script.ps1> [args...] | -Command <text> | -)\n" +
        "Runs PowerShell with the HaTools module imported. Ctrl+C or SIGTERM stops the running pipeline.";

    public static bool TryParse(string[] args, out ShellOptions options, out string error)
    {
        string? file = null, command = null, module = null;
        var import = true;
        var rest = new List<string>();
        options = new ShellOptions(null, null, rest, null, true);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (Is(a, "-File", "-f"))
            {
                if (++i >= args.Length) { error = "-File needs a script path"; return false; }
                file = args[i];
                rest.AddRange(args.Skip(i + 1));
                break;
            }
            if (Is(a, "-Command", "-c"))
            {
                if (++i >= args.Length) { error = "-Command needs text"; return false; }
                command = string.Join(' ', args.Skip(i));
                break;
            }
            if (a == "-")
            {
                command = Console.In.ReadToEnd();
                break;
            }
            if (Is(a, "-NoModule")) { import = false; continue; }
            if (Is(a, "-Module"))
            {
                if (++i >= args.Length) { error = "-Module needs a manifest path"; return false; }
                module = args[i];
                continue;
            }
            if (Is(a, "-Help", "-h", "--help", "-?")) { error = ""; return false; }
            error = $"unknown argument '{a}'";
            return false;
        }

        if (file is null && command is null) { error = "give -File or -Command"; return false; }
        options = new ShellOptions(file, command, rest, module, import);
        error = "";
        return true;
    }

    private static bool Is(string arg, params string[] names) =>
        names.Any(n => string.Equals(arg, n, StringComparison.OrdinalIgnoreCase));
}
