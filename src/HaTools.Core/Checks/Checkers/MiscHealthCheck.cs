using HaTools.Core.Checks.Options;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// MISC_CHECK: exit 0 is up, 1 (or any non-zero without misc_dynamic) down; with misc_dynamic an exit of
/// 2..255 is up with weight exit-2 (keepalived.conf(5)). A timeout or a program that cannot start is down.
/// </summary>
public sealed class MiscHealthCheck : IHealthCheck
{
    private readonly string[] _argv;
    private readonly TimeSpan _timeout;
    private readonly MiscCheckOptions _options;
    private readonly IMiscCheckRunner _runner;

    public MiscHealthCheck(MiscCheckOptions options, TimeSpan timeout, IMiscCheckRunner? runner = null)
    {
        if (!ScriptArgv.TryParse(options.Path, out _argv, out var reason))
            throw new HaToolsException("MiscPathInvalid", HaToolsErrorKind.InvalidArgument, $"misc_path '{options.Path}': {reason}.", options.Path);
        _options = options;
        _timeout = timeout;
        _runner = runner ?? new ScriptRunnerMiscCheckRunner();
        Target = $"MISC_CHECK {options.Path}";
    }

    public string Kind => "MISC_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        var r = await _runner.RunAsync(_argv, _timeout, _options.User, _options.Group, cancellationToken).ConfigureAwait(false);
        if (r.ExitCode is not int code) return CheckAttempt.Fail($"{_argv[0]}: {r.Failure}", r.Duration);
        return Interpret(code, _options.Dynamic, r.Duration);
    }

    /// <summary>keepalived's reading of a MISC_CHECK exit status.</summary>
    public static CheckAttempt Interpret(int exitCode, bool dynamic, TimeSpan duration = default)
    {
        if (exitCode == 0) return CheckAttempt.Ok("exit status 0", duration);
        if (dynamic && exitCode is >= 2 and <= 255) return CheckAttempt.Ok($"exit status {exitCode}: weight {exitCode - 2}", duration, exitCode - 2);
        return CheckAttempt.Fail($"exit status {exitCode}", duration);
    }
}
