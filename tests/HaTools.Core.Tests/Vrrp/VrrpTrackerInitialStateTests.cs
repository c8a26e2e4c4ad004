using HaTools.Core.Scripts;
using HaTools.Core.Tests.Scripts;
using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// What an instance does before its trackers have spoken, as keepalived 2.2.7 does it (checked on the Debian
/// package with slow track scripts and its SIGUSR1 data dump):
/// a weight-0 script holds the instance in FAULT until its first result, with no FAULT notify; the first result
/// decides at once (one success brings it to BACKUP, one failure to FAULT, whatever rise/fall say); a weighted
/// script moves nothing until it has reported; init_fail is ignored for a tracked script.
/// </summary>
public sealed class VrrpTrackerInitialStateTests : IDisposable
{
    private static readonly VrrpNotifyScripts Notify = new() { Notify = "/usr/local/bin/notify" };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly List<FakeNode> _nodes = [];

    public void Dispose()
    {
        foreach (FakeNode n in _nodes)
        {
            n.Dispose();
        }
    }

    [Fact]
    public void Weight_zero_script_holds_the_instance_in_fault_without_notify_until_its_first_result()
    {
        FakeNode a = Node(Track(weight: 0));

        FakeClock.Run(_time, TimeSpan.FromSeconds(10), a);

        Assert.Equal(VrrpState.Fault, a.State());
        Assert.Empty(a.Notify.Runs);
        Assert.Empty(a.Transport.Sent);
        Assert.Contains(a.Status().FaultReasons, r => r.Contains("first result of track script chk", StringComparison.Ordinal));
        Assert.DoesNotContain("(VI_1) Entering FAULT STATE (init)", a.Logs);
    }

    [Fact]
    public void First_success_of_a_weight_zero_script_enters_backup_and_runs_the_down_timer_from_there()
    {
        FakeNode a = Node(Track(weight: 0));
        FakeClock.Run(_time, TimeSpan.FromSeconds(2), a);

        a.Tracker.Report(VrrpTrackKind.Script, "chk", up: true);

        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Contains("(VI_1) Entering BACKUP STATE", a.Logs);
        VrrpNotification n = Assert.Single(a.Notify.Runs);
        Assert.Equal(VrrpState.Backup, n.State);

        // RFC 3768 §6.4.2: Master_Down_Interval = 3 × 1 s + (256 − 100) / 256 s, counted from leaving the wait.
        FakeClock.Run(_time, TimeSpan.FromSeconds(3.6), a);
        Assert.Equal(VrrpState.Backup, a.State());
        FakeClock.Run(_time, TimeSpan.FromSeconds(0.02), a);
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public void First_failure_of_a_weight_zero_script_announces_fault()
    {
        FakeNode a = Node(Track(weight: 0));

        a.Tracker.Report(VrrpTrackKind.Script, "chk", up: false);

        Assert.Equal(VrrpState.Fault, a.State());
        VrrpNotification n = Assert.Single(a.Notify.Runs);
        Assert.Equal(VrrpState.Fault, n.State);
        Assert.Contains(a.Status().FaultReasons, r => r.Contains("tracked script chk down", StringComparison.Ordinal));
    }

    [Fact]
    public void Instance_waits_for_every_weight_zero_script()
    {
        FakeNode a = Node(Track(weight: 0), new VrrpTrack(VrrpTrackKind.Script, "chk2"));

        a.Tracker.Report(VrrpTrackKind.Script, "chk", up: true);
        Assert.Equal(VrrpState.Fault, a.State());
        Assert.Empty(a.Notify.Runs);

        a.Tracker.Report(VrrpTrackKind.Script, "chk2", up: true);
        Assert.Equal(VrrpState.Backup, a.State());
    }

    [Fact]
    public void Sync_group_waits_silently_for_a_members_first_script_result_then_comes_up_together()
    {
        // keepalived: a member in script init holds its group (num_member_init); nobody notifies until it reports.
        var a = new FakeNode(null, _time, [VrrpIpAddress.Parse("10.0.0.1")],
            [
                V2(100, "VI_A", 51) with { NotifyScripts = Notify, Tracks = [Track(weight: 0)] },
                V2(100, "VI_B", 52, "10.0.0.101/24") with { NotifyScripts = Notify },
            ],
            [new VrrpSyncGroupSettings { Name = "G1", Instances = ["VI_A", "VI_B"] }]).Start();
        _nodes.Add(a);
        FakeClock.Run(_time, TimeSpan.FromSeconds(5), a);

        Assert.Equal((VrrpState.Fault, VrrpState.Fault), (a.State("VI_A"), a.State("VI_B")));
        Assert.Empty(a.Notify.Runs);

        a.Tracker.Report(VrrpTrackKind.Script, "chk", up: true);

        Assert.Equal((VrrpState.Backup, VrrpState.Backup), (a.State("VI_A"), a.State("VI_B")));
        Assert.Equal(2, a.Notify.Runs.Count(n => n.State == VrrpState.Backup && !n.IsGroup));
        FakeClock.Run(_time, TimeSpan.FromSeconds(4), a);
        Assert.Equal((VrrpState.Master, VrrpState.Master), (a.State("VI_A"), a.State("VI_B")));
    }

    [Fact]
    public void Sync_group_member_whose_first_script_result_fails_takes_the_group_to_fault_with_notifies()
    {
        var a = new FakeNode(null, _time, [VrrpIpAddress.Parse("10.0.0.1")],
            [
                V2(100, "VI_A", 51) with { NotifyScripts = Notify, Tracks = [Track(weight: 0)] },
                V2(100, "VI_B", 52, "10.0.0.101/24") with { NotifyScripts = Notify },
            ],
            [new VrrpSyncGroupSettings { Name = "G1", Instances = ["VI_A", "VI_B"] }]).Start();
        _nodes.Add(a);

        a.Tracker.Report(VrrpTrackKind.Script, "chk", up: false);

        Assert.Equal((VrrpState.Fault, VrrpState.Fault), (a.State("VI_A"), a.State("VI_B")));
        Assert.Equal(2, a.Notify.Runs.Count(n => n.State == VrrpState.Fault && !n.IsGroup));
    }

    [Theory]
    [InlineData(10, true, 110)]
    [InlineData(10, false, 100)]
    [InlineData(-10, true, 100)]
    [InlineData(-10, false, 90)]
    public void Weighted_script_starts_in_backup_at_base_priority_and_moves_it_on_its_first_result(int weight, bool firstResult, int after)
    {
        FakeNode a = Node(Track(weight));

        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Equal(100, a.Machine().EffectivePriority);
        Assert.Contains("(VI_1) Entering BACKUP STATE (init)", a.Logs);

        a.Tracker.Report(VrrpTrackKind.Script, "chk", firstResult);

        Assert.Equal(after, a.Machine().EffectivePriority);
    }

    [Fact]
    public void Interface_known_down_at_start_enters_fault_directly()
    {
        var s = V2(100) with { NotifyScripts = Notify, Tracks = [new VrrpTrack(VrrpTrackKind.Interface, "eth1")] };
        var a = new FakeNode(null, _time, "10.0.0.1", s);
        _nodes.Add(a);
        a.Tracker.AtStart.Add(new VrrpTrackerReport(VrrpTrackKind.Interface, "eth1", false));

        a.Start();

        Assert.Equal(VrrpState.Fault, a.State());
        VrrpTransition t = Assert.Single(a.Transitions);
        Assert.Equal(VrrpState.Fault, t.To);
        Assert.Contains("(VI_1) Entering FAULT STATE (init)", a.Logs);
        Assert.Equal(VrrpState.Fault, Assert.Single(a.Notify.Runs).State);
    }

    [Fact]
    public async Task Script_tracker_reports_nothing_before_the_first_run_ends()
    {
        var runner = new FakeScriptRunner { Delay = TimeSpan.FromMilliseconds(300) };
        var sink = new RecordingSink();
        using var tracker = new ScriptTracker([new TrackScriptDefinition("chk", new ScriptCommand("/bin/check"))], runner);

        tracker.Start(sink);

        Assert.Empty(sink.Reports);
        Assert.True(await sink.WaitForAsync(1));
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.Script, "chk", true), sink.Reports.First());
    }

    [Fact]
    public async Task Script_tracker_reports_a_first_failure_at_once_despite_fall()
    {
        var runner = new FakeScriptRunner();
        runner.Outcomes.Enqueue(false);
        var sink = new RecordingSink();
        var def = new TrackScriptDefinition("chk", new ScriptCommand("/bin/check")) { Fall = 3, Rise = 2, Interval = TimeSpan.FromMilliseconds(20) };
        using var tracker = new ScriptTracker([def], runner);

        tracker.Start(sink);

        Assert.True(await sink.WaitForAsync(2));
        // First result decides (down); then rise 2 successes are needed to come up.
        Assert.Equal([false, true], sink.Reports.Take(2).Select(r => r.Up));
        Assert.True(runner.Runs.Count >= 3);
    }

    [Fact]
    public async Task Init_fail_is_ignored_for_a_tracked_script_as_keepalived_2_2_7_does()
    {
        // keepalived 2.2.7, rise 3 + init_fail, script exits 0: "VRRP_Script(s_fail) succeeded" after the first run.
        var runner = new FakeScriptRunner();
        var sink = new RecordingSink();
        var def = new TrackScriptDefinition("chk", new ScriptCommand("/bin/check")) { InitFail = true, Rise = 3, Interval = TimeSpan.FromSeconds(30) };
        using var tracker = new ScriptTracker([def], runner);

        tracker.Start(sink);

        Assert.True(await sink.WaitForAsync(1));
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.Script, "chk", true), sink.Reports.First());
        Assert.Single(runner.Runs);
    }

    private static VrrpTrack Track(int weight) => new(VrrpTrackKind.Script, "chk", weight);

    private FakeNode Node(params VrrpTrack[] tracks)
    {
        var a = new FakeNode(null, _time, "10.0.0.1", V2(100) with { NotifyScripts = Notify, Tracks = tracks }).Start();
        _nodes.Add(a);
        return a;
    }

    private sealed class RecordingSink : IVrrpTrackerSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<VrrpTrackerReport> Reports { get; } = new();

        public void Report(VrrpTrackerReport report) => Reports.Enqueue(report);

        public async Task<bool> WaitForAsync(int count)
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (Reports.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            return Reports.Count >= count;
        }
    }
}
