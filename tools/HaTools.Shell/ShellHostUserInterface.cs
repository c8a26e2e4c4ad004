using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace HaTools.Shell;

/// <summary>Writes what Out-Default formats to stdout; prompts are refused (scripts run unattended).</summary>
internal sealed class ShellHostUserInterface : PSHostUserInterface
{
    private static readonly object Gate = new();
    private readonly ShellRawUserInterface _raw = new();

    public override PSHostRawUserInterface RawUI => _raw;

    public override string ReadLine() => Console.ReadLine() ?? "";

    public override SecureString ReadLineAsSecureString()
    {
        var s = new SecureString();
        foreach (var c in Console.ReadLine() ?? "") s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    public override void Write(string value) => Out(Console.Out, value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Out(Console.Out, value);

    public override void WriteLine(string value) => Out(Console.Out, value + "\n");

    public override void WriteErrorLine(string value) => Out(Console.Error, value + "\n");

    public override void WriteDebugLine(string message) => Out(Console.Out, "DEBUG: " + message + "\n");

    public override void WriteVerboseLine(string message) => Out(Console.Out, "VERBOSE: " + message + "\n");

    public override void WriteWarningLine(string message) => Out(Console.Out, "WARNING: " + message + "\n");

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new PSNotSupportedException("hatools-shell is non-interactive: pass every parameter (or -Confirm:$false).");

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw new PSNotSupportedException("hatools-shell is non-interactive: pass -Confirm:$false or -Force.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new PSNotSupportedException("hatools-shell is non-interactive: pass a PSCredential.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new PSNotSupportedException("hatools-shell is non-interactive: pass a PSCredential.");

    /// <summary>Streams arrive from job threads too: one writer at a time keeps lines whole.</summary>
    /// <summary>Set when output is redirected or NO_COLOR is set: strip the formatter's ANSI styling.</summary>
    internal static bool PlainText { get; set; }

    private static readonly System.Text.RegularExpressions.Regex Ansi = new("\x1b\\[[0-9;]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);

    internal static void Out(TextWriter w, string text)
    {
        if (PlainText) text = Ansi.Replace(text, "");
        lock (Gate)
        {
            w.Write(text);
            w.Flush();
        }
    }
}
