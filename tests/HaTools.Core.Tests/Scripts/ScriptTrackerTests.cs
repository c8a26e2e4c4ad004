using HaTools.Core.Scripts;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Tests.Scripts;

public class ScriptTrackerTests
{
    [Fact]
    public void Rise_and_fall_need_consecutive_results_like_keepalived()
    {
        var f = new RiseFallFilter(rise: 2, fall: 3, initiallyUp: true);
        Assert.Null(f.Add(false));
        Assert.Null(f.Add(false));
        Assert.Null(f.Add(true));   // streak broken
        Assert.Null(f.Add(false));
        Assert.Null(f.Add(false));
        Assert.False(f.Add(false)); // third failure in a row: down
        Assert.Null(f.Add(true));
        Assert.True(f.Add(true));   // second success in a row: up
        Assert.True(f.Up);
    }

    [Fact]
    public void Init_fail_starts_down_until_the_script_rises()
    {
        var f = new RiseFallFilter(1, 1, initiallyUp: false);
        Assert.True(f.Add(true));
    }

    [Fact]
    public async Task Tracker_reports_initial_state_then_the_filtered_changes()
    {
        var runner = new FakeScriptRunner();
        foreach (var o in new[] { true, false, false, true }) runner.Outcomes.Enqueue(o);
        var sink = new RecordingSink();
        var def = new TrackScriptDefinition("chk", new ScriptCommand("/bin/check")) { Interval = TimeSpan.FromMilliseconds(20), Fall = 2 };
        using (var tracker = new ScriptTracker(new[] { def }, runner))
        {
            tracker.Start(sink);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (sink.Reports.Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(10);
        }

        var reports = sink.Reports.ToArray();
        Assert.True(reports.Length >= 3, "expected initial up, down after two failures, up again");
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.Script, "chk", true), reports[0]);
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.Script, "chk", false), reports[1]);
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.Script, "chk", true), reports[2]);
    }

    [Fact]
    public void Invalid_definitions_are_refused_before_anything_runs()
    {
        var def = new TrackScriptDefinition("chk", new ScriptCommand("/bin/check")) { Rise = 0 };
        var ex = Assert.Throws<HaToolsException>(() => new ScriptTracker(new[] { def }, new FakeScriptRunner()));
        Assert.Equal("TrackScriptInvalid", ex.ErrorId);
    }

    [Fact]
    public async Task Notify_runner_appends_keepalived_arguments_and_can_be_awaited_at_stop()
    {
        var runner = new FakeScriptRunner { Delay = TimeSpan.FromMilliseconds(200) };
        var done = new List<ScriptResult>();
        var notify = new ScriptNotifyRunner(runner, completed: (_, r) => { lock (done) done.Add(r); });
        notify.Run(new VrrpNotification("/etc/k/notify.sh 'a b'", new[] { "INSTANCE", "VI_1", "STOP", "100" }, false, "VI_1", VrrpState.Stop, 100));
        Assert.Empty(done); // Run never blocks the loop.
        Assert.True(await notify.WhenIdleAsync(TimeSpan.FromSeconds(10)));
        var cmd = Assert.Single(runner.Runs);
        Assert.Equal("/etc/k/notify.sh", cmd.Path);
        Assert.Equal(new[] { "a b", "INSTANCE", "VI_1", "STOP", "100" }, cmd.Arguments);
        Assert.Single(done);
    }

    private sealed class RecordingSink : IVrrpTrackerSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<VrrpTrackerReport> Reports { get; } = new();

        public void Report(VrrpTrackerReport report) => Reports.Enqueue(report);
    }
}
