using HaTools.Core.Scripts;

namespace HaTools.Core.Tests.Scripts;

/// <summary>Runs real child processes (coreutils, /bin/sh) — Linux only, no root needed except the user test.</summary>
public class ProcessScriptRunnerTests
{
    private readonly ProcessScriptRunner _runner = new();

    private static ScriptRunOptions Opts(double timeoutSeconds = 10, int limit = ScriptRunOptions.DefaultOutputLimit) =>
        new() { Timeout = TimeSpan.FromSeconds(timeoutSeconds), OutputLimit = limit };

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        var r = await _runner.RunAsync(new ScriptCommand("/usr/bin/printf", new[] { "%s|%s", "$(id) ; rm -rf /x", "*" }), Opts());
        Assert.Equal(ScriptOutcome.Succeeded, r.Outcome);
        Assert.Equal("$(id) ; rm -rf /x|*", r.StandardOutput);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public async Task Non_zero_exit_is_a_failure_with_its_status_and_stderr()
    {
        var r = await _runner.RunAsync(new ScriptCommand("/bin/sh", new[] { "-c", "echo boom >&2; exit 3" }), Opts());
        Assert.Equal(ScriptOutcome.Failed, r.Outcome);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("boom\n", r.StandardError);
        Assert.Contains("status 3", r.FailureMessage);
    }

    [Fact]
    public async Task A_hanging_script_is_killed_with_its_children_at_the_timeout()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), "htscript-" + Guid.NewGuid().ToString("N"));
        try
        {
            var started = DateTime.UtcNow;
            var r = await _runner.RunAsync(
                new ScriptCommand("/bin/sh", new[] { "-c", $"sleep 60 & echo $! > {pidFile}; wait" }), Opts(timeoutSeconds: 0.3));
            Assert.Equal(ScriptOutcome.TimedOut, r.Outcome);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
            var child = int.Parse(File.ReadAllText(pidFile).Trim());
            // The grandchild (sleep) must be gone too, or hung checks would pile up.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (IsAlive(child) && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.False(IsAlive(child), $"grandchild {child} survived the timeout kill");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Output_capture_is_bounded_and_a_chatty_script_still_finishes()
    {
        var r = await _runner.RunAsync(new ScriptCommand("/usr/bin/head", new[] { "-c", "1000000", "/dev/zero" }), Opts(limit: 1000));
        Assert.Equal(ScriptOutcome.Succeeded, r.Outcome);
        Assert.Equal(1000, r.StandardOutput.Length);
        Assert.True(r.OutputTruncated);
    }

    [Fact]
    public async Task A_missing_program_fails_to_start_instead_of_throwing()
    {
        var r = await _runner.RunAsync(new ScriptCommand("/nonexistent/check"), Opts());
        Assert.Equal(ScriptOutcome.FailedToStart, r.Outcome);
        Assert.Null(r.ExitCode);
        Assert.Contains("/nonexistent/check", r.FailureMessage);
    }

    [Fact]
    public async Task Cancellation_kills_the_script_and_reports_cancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var r = await _runner.RunAsync(new ScriptCommand("/bin/sleep", new[] { "60" }), Opts(), cts.Token);
        Assert.Equal(ScriptOutcome.Cancelled, r.Outcome);
    }

    [Fact]
    public async Task Script_runs_as_the_configured_user()
    {
        Assert.True(Environment.UserName == "root", "this test needs root (CI runs as root)");
        var r = await _runner.RunAsync(new ScriptCommand("/usr/bin/id", new[] { "-u" }, user: "nobody"), Opts());
        Assert.Equal(ScriptOutcome.Succeeded, r.Outcome);
        Assert.Equal("65534", r.StandardOutput.Trim());
    }

    [Fact]
    public async Task An_unknown_user_fails_to_start_with_a_clear_message()
    {
        var r = await _runner.RunAsync(new ScriptCommand("/usr/bin/id", user: "no-such-user-ht"), Opts());
        Assert.Equal(ScriptOutcome.FailedToStart, r.Outcome);
        Assert.Contains("no-such-user-ht", r.FailureMessage);
    }

    [Fact]
    public async Task Extra_environment_reaches_the_script()
    {
        var r = await _runner.RunAsync(new ScriptCommand("/bin/sh", new[] { "-c", "printf %s \"$HT_X\"" }),
            Opts() with { Environment = new Dictionary<string, string> { ["HT_X"] = "v1" } });
        Assert.Equal("v1", r.StandardOutput);
    }

    private static bool IsAlive(int pid) =>
        Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
