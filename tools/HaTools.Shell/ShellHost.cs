using System.Globalization;
using System.Management.Automation.Host;

namespace HaTools.Shell;

/// <summary>A non-interactive host: output to stdout, errors to stderr, exit code from <c>exit N</c>.</summary>
internal sealed class ShellHost : PSHost
{
    private readonly ShellHostUserInterface _ui = new();

    public int? ExitCode { get; private set; }

    public override string Name => "HaTools.Shell";

    public override Version Version => typeof(ShellHost).Assembly.GetName().Version ?? new Version(0, 1);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException("hatools-shell has no nested prompt.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("hatools-shell has no nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
