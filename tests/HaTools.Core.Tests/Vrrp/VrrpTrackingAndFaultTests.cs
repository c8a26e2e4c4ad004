using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>Track weights, FAULT, sync groups, notify, GARP schedule, shutdown and maintenance, as keepalived does them.</summary>
public sealed class VrrpTrackingAndFaultTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLan _lan = new();
    private readonly List<FakeNode> _nodes = [];

    public void Dispose()
    {
        foreach (FakeNode n in _nodes)
        {
            n.Dispose();
        }
    }

    private FakeNode Node(string address, params VrrpInstanceSettings[] instances) => Add(new FakeNode(_lan, _time, address, instances));

    private FakeNode Add(FakeNode n)
    {
        _nodes.Add(n);
        return n;
    }

    private void Run(double seconds) => FakeClock.Run(_time, TimeSpan.FromSeconds(seconds), _nodes.ToArray());

    [Theory]
    // keepalived.conf(5): positive weight adds when up; negative subtracts when down; reverse flips the direction.
    [InlineData(20, false, true, 120)]
    [InlineData(20, false, false, 100)]
    [InlineData(-30, false, true, 100)]
    [InlineData(-30, false, false, 70)]
    [InlineData(20, true, true, 80)]
    [InlineData(20, true, false, 100)]
    [InlineData(-30, true, false, 130)]
    [InlineData(-30, true, true, 100)]
    public void Track_script_weight_moves_the_effective_priority_like_keepalived(int weight, bool reverse, bool up, int expected)
    {
        FakeNode a = Node("10.0.0.1", V2(100) with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "chk", weight, reverse)] }).Start();
        a.Tracker.Report(VrrpTrackKind.Script, "chk", up);

        Assert.Equal(expected, a.Machine().EffectivePriority);
        Assert.Equal(expected, a.Status().EffectivePriority);
        Assert.Equal(100, a.Status().BasePriority);
        if (expected != 100)
        {
            VrrpPriorityContribution why = Assert.Single(a.Status().PriorityReasons);
            Assert.Equal(("chk", expected - 100), (why.Track.Name, why.Delta));
        }
    }

    [Fact]
    public void Effective_priority_is_clamped_to_1_254_and_the_owner_is_not_moved()
    {
        FakeNode a = Node("10.0.0.1",
            V2(250, "HIGH", 51) with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "up", 50)] },
            V2(10, "LOW", 52, "10.0.0.101/24") with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "up", -50)] },
            V2(255, "OWNER", 53, "10.0.0.102/24") with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "up", -50)] }).Start();
        a.Tracker.Report(VrrpTrackKind.Script, "up", false);
        Assert.Equal(1, a.Machine("LOW").EffectivePriority);
        Assert.Equal(255, a.Machine("OWNER").EffectivePriority);
        a.Tracker.Report(VrrpTrackKind.Script, "up", true);
        Assert.Equal(254, a.Machine("HIGH").EffectivePriority);
    }

    [Fact]
    public void Track_file_value_is_multiplied_by_its_weight_and_weight_0_faults_on_non_zero()
    {
        FakeNode a = Node("10.0.0.1",
            V2(100, "W", 51) with { Tracks = [new VrrpTrack(VrrpTrackKind.File, "prio", 5)] },
            V2(100, "Z", 52, "10.0.0.101/24") with { Tracks = [new VrrpTrack(VrrpTrackKind.File, "prio", 0)] }).Start();
        a.Tracker.Report(VrrpTrackKind.File, "prio", true, -4);

        Assert.Equal(80, a.Machine("W").EffectivePriority);
        Assert.Equal(VrrpState.Fault, a.State("Z"));
    }

    [Fact]
    public void Failing_script_with_weight_lets_the_backup_preempt()
    {
        FakeNode a = Node("10.0.0.1", V2(150) with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "chk_nginx", -60)] }).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(10);
        Assert.Equal(VrrpState.Master, a.State());

        a.Tracker.Report(VrrpTrackKind.Script, "chk_nginx", false);
        Assert.Contains("(VI_1) Changing effective priority from 150 to 90", a.Logs);
        Run(10);

        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.All(a.Transport.Sent.Skip(10), s => Assert.NotEqual(150, s.Parse().Priority));
    }

    [Fact]
    public void Unweighted_failing_script_puts_the_instance_in_fault_and_releases_at_once()
    {
        FakeNode a = Node("10.0.0.1", V2(150) with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "chk", 0)] }).Start();
        a.Tracker.Report(VrrpTrackKind.Script, "chk", true); // first result: until then keepalived holds a in FAULT
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(10);
        a.Tracker.Report(VrrpTrackKind.Script, "chk", false);

        Assert.Equal(VrrpState.Fault, a.State());
        Assert.Equal(0, a.Transport.Sent[^1].Parse().Priority);
        Assert.Empty(a.Vips.Present);
        Assert.Contains("(VI_1) Entering FAULT STATE", a.Logs);
        Assert.Contains("tracked script chk down", a.Status().FaultReasons);
        Run(1);
        Assert.Equal(VrrpState.Master, b.State());

        // Recovery goes to BACKUP, and a then preempts the lower-priority master.
        a.Tracker.Report(VrrpTrackKind.Script, "chk", true);
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Empty(a.Status().FaultReasons);
        Run(10);
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public void Own_interface_down_is_fault_and_up_is_backup()
    {
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        Run(5);
        a.Tracker.Report(VrrpTrackKind.Interface, "eth0", false);
        Assert.Equal(VrrpState.Fault, a.State());
        Assert.Contains("interface eth0 down", a.Status().FaultReasons);
        Run(10);
        Assert.Equal(VrrpState.Fault, a.State());

        a.Tracker.Report(VrrpTrackKind.Interface, "eth0", true);
        Assert.Equal(VrrpState.Backup, a.State());
        Run(4);
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public void Tracked_interface_down_is_fault_unless_weighted()
    {
        FakeNode a = Node("10.0.0.1",
            V2(100, "A", 51) with { Tracks = [new VrrpTrack(VrrpTrackKind.Interface, "eth1")] },
            V2(100, "B", 52, "10.0.0.101/24") with { Tracks = [new VrrpTrack(VrrpTrackKind.Interface, "eth1", -10)] }).Start();
        a.Tracker.Report(VrrpTrackKind.Interface, "eth1", false);
        Assert.Equal(VrrpState.Fault, a.State("A"));
        Assert.Equal(VrrpState.Backup, a.State("B"));
        Assert.Equal(90, a.Machine("B").EffectivePriority);
    }

    [Fact]
    public void Sync_group_goes_master_together_once_every_member_wants_to()
    {
        // keepalived vrrp_sync_can_goto_master: "only sync to master if everyone wants to, prefer backup to avoid thrashing".
        var group = new VrrpSyncGroupSettings { Name = "VG_1", Instances = ["VI_1", "VI_2"], NotifyScripts = new VrrpNotifyScripts { Notify = "/bin/notify" } };
        FakeNode a = Add(new FakeNode(_lan, _time, [VrrpIpAddress.Parse("10.0.0.1")],
            [V2(100), V2(100, "VI_2", 52, "10.0.0.101/24") with { AdvertisementInterval = TimeSpan.FromSeconds(3) }], [group])).Start();
        Run(3.7);

        // VI_1's down timer (3.609 s) expired, VI_2's (9.609 s) has not: VI_1 waits.
        Assert.Equal(VrrpState.Backup, a.State("VI_1"));
        Assert.True(a.Machine("VI_1").WantsMaster);
        Assert.Empty(a.Transport.Sent);

        Run(6.0);
        Assert.Equal(VrrpState.Master, a.State("VI_1"));
        Assert.Equal(VrrpState.Master, a.State("VI_2"));
        Assert.All(a.Transitions.Where(t => t.To == VrrpState.Master), t => Assert.Equal(a.Transitions.First(x => x.To == VrrpState.Master).Time, t.Time));
        Assert.Contains("(VG_1) Syncing instances to MASTER state", a.Logs);
        Assert.Contains(a.Notify.Runs, n => n.IsGroup && n.Arguments.SequenceEqual(["GROUP", "VG_1", "MASTER", "0"]));
        Assert.Equal("VG_1", a.Status("VI_2").SyncGroup);
    }

    [Fact]
    public void Sync_group_member_yielding_to_a_higher_priority_takes_the_group_to_backup_without_thrashing()
    {
        var group = new VrrpSyncGroupSettings { Name = "VG_1", Instances = ["VI_1", "VI_2"] };
        FakeNode a = Add(new FakeNode(_lan, _time, [VrrpIpAddress.Parse("10.0.0.1")],
            [V2(100), V2(100, "VI_2", 52, "10.0.0.101/24")], [group])).Start();
        Run(5);
        Assert.Equal(VrrpState.Master, a.State("VI_1"));

        // Another router masters VI_2 only, with a higher priority.
        FakeNode b = Node("10.0.0.2", V2(200, "VI_2", 52, "10.0.0.101/24"));
        b.Start();
        Run(5);
        Assert.Equal(VrrpState.Backup, a.State("VI_2"));
        Assert.Equal(VrrpState.Backup, a.State("VI_1"));
        int transitions = a.Transitions.Count;

        // Nobody advertises VI_1, but VI_2 does not want master: VI_1 stays backup instead of flapping.
        Run(30);
        Assert.Equal(VrrpState.Backup, a.State("VI_1"));
        Assert.Equal(transitions, a.Transitions.Count);
        Assert.Empty(a.Vips.Present);
    }

    [Fact]
    public void Sync_group_member_in_fault_takes_the_group_to_fault_and_back()
    {
        var group = new VrrpSyncGroupSettings { Name = "VG_1", Instances = ["VI_1", "VI_2"] };
        FakeNode a = Add(new FakeNode(_lan, _time, [VrrpIpAddress.Parse("10.0.0.1")],
            [V2(100), V2(100, "VI_2", 52, "10.0.0.101/24", "eth1")], [group])).Start();
        Run(5);
        Assert.Equal(VrrpState.Master, a.State("VI_2"));

        a.Tracker.Report(VrrpTrackKind.Interface, "eth1", false);
        Assert.Equal(VrrpState.Fault, a.State("VI_2"));
        Assert.Equal(VrrpState.Fault, a.State("VI_1"));
        Assert.Contains("sync group VG_1: VI_2 in FAULT", a.Status("VI_1").FaultReasons);
        Assert.Empty(a.Vips.Present);

        a.Tracker.Report(VrrpTrackKind.Interface, "eth1", true);
        Assert.Equal(VrrpState.Backup, a.State("VI_1"));
        Assert.Equal(VrrpState.Backup, a.State("VI_2"));
        Run(5);
        Assert.Equal(VrrpState.Master, a.State("VI_1"));
        Assert.Equal(VrrpState.Master, a.State("VI_2"));
    }

    [Fact]
    public void Notify_scripts_run_with_keepalived_arguments()
    {
        var scripts = new VrrpNotifyScripts { NotifyMaster = "/etc/ka/master.sh", NotifyBackup = "/etc/ka/backup.sh", NotifyStop = "/etc/ka/stop.sh", Notify = "/etc/ka/notify.sh arg1" };
        FakeNode a = Node("10.0.0.1", V2(100) with { NotifyScripts = scripts }).Start();
        Run(4);
        a.Loop.Dispose();

        var runs = a.Notify.Runs.Select(n => n.Script + (n.Arguments.Count > 0 ? " " + string.Join(" ", n.Arguments) : string.Empty)).ToArray();
        Assert.Equal(
            [
                "/etc/ka/backup.sh", "/etc/ka/notify.sh arg1 INSTANCE VI_1 BACKUP 100",
                "/etc/ka/master.sh", "/etc/ka/notify.sh arg1 INSTANCE VI_1 MASTER 100",
                "/etc/ka/stop.sh", "/etc/ka/notify.sh arg1 INSTANCE VI_1 STOP 100",
            ],
            runs);
    }

    [Fact]
    public void Gratuitous_arp_is_sent_on_takeover_again_after_garp_master_delay_and_on_refresh()
    {
        FakeNode a = Node("10.0.0.1", V2(100) with { GarpMasterRefresh = TimeSpan.FromSeconds(60), GarpMasterRefreshRepeat = 2 }).Start();
        DateTimeOffset start = _time.GetUtcNow();
        Run(130);

        var at = a.Announcer.Announcements.Select(x => (Seconds: Math.Round((x.At - start).TotalSeconds, 6), x.Announcement.Count)).ToArray();
        Assert.Equal([(3.609375, 5), (8.609375, 5), (63.609375, 2), (123.609375, 2)], at);
        Assert.All(a.Announcer.Announcements, x => Assert.Equal("eth0", x.Announcement.Interface));
    }

    [Fact]
    public void Shutdown_sends_priority_zero_removes_vips_and_enters_stop()
    {
        FakeNode a = Node("10.0.0.1", V2(100)).Start();
        Run(4);
        Assert.Contains("10.0.0.100", a.Vips.Present);
        a.Loop.Dispose();

        Assert.Equal(0, a.Transport.Sent[^1].Parse().Priority);
        Assert.Empty(a.Vips.Present);
        Assert.Equal(VrrpState.Stop, a.Status().State);
        Assert.Equal(1, a.Status().PriorityZeroSent);
        Assert.All(a.Transport.Channels, c => Assert.True(c.Disposed));
        Assert.True(a.Tracker.Disposed);
    }

    [Fact]
    public void Stale_vips_from_a_previous_run_are_removed_at_start()
    {
        var n = new FakeNode(_lan, _time, "10.0.0.1", V2(100));
        _nodes.Add(n);
        n.Vips.Present.Add("10.0.0.100");
        n.Start();
        Assert.Empty(n.Vips.Present);
        Assert.Equal("del 10.0.0.100", n.Vips.Log[0]);
    }

    [Fact]
    public async Task Maintenance_steps_down_with_priority_zero_and_stays_backup()
    {
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(5);
        await a.Loop.SetMaintenanceAsync("VI_1", true);

        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Equal(0, a.Transport.Sent[^1].Parse().Priority);
        Assert.True(a.Status().Maintenance);
        Run(0.61);
        Assert.Equal(VrrpState.Master, b.State());
        b.Kill();
        Run(30);
        Assert.Equal(VrrpState.Backup, a.State());

        await a.Loop.SetMaintenanceAsync("VI_1", false);
        Run(4);
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public async Task Set_priority_at_runtime_changes_the_election()
    {
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(5);
        await b.Loop.SetPriorityAsync("VI_1", 200);
        Run(5);

        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(200, b.Status().BasePriority);
        Assert.Equal(200, b.Transport.Sent[^1].Parse().Priority);
        await Assert.ThrowsAsync<HaToolsException>(() => b.Loop.SetPriorityAsync("VI_1", 0));
        HaToolsException ex = await Assert.ThrowsAsync<HaToolsException>(() => b.Loop.SetPriorityAsync("NOPE", 10));
        Assert.Equal("VrrpInstanceNotFound", ex.ErrorId);
    }

    [Fact]
    public void Status_snapshot_reports_counters_master_and_last_transition()
    {
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(10.5);

        VrrpInstanceStatus sa = a.Status();
        VrrpInstanceStatus sb = b.Status();
        Assert.Equal(VrrpState.Master, sa.State);
        Assert.Equal(8, sa.AdvertisementsSent); // 3.414 s .. 10.414 s
        Assert.Equal(8, sb.AdvertisementsReceived);
        Assert.Equal("10.0.0.1", sb.MasterAddress!.ToString());
        Assert.Equal(150, sb.MasterPriority);
        Assert.Equal((VrrpState.Backup, VrrpState.Master), (sa.LastTransition!.From, sa.LastTransition.To));
        Assert.Equal(1, sa.BecameMaster);
        Assert.Equal(0, sb.Errors.Total);
        Assert.Equal(["10.0.0.100/24"], sa.VirtualIPAddresses.Select(v => $"{v.Address}/{v.PrefixLength}"));
    }

    [Fact]
    public async Task Run_async_on_the_system_clock_shuts_down_gracefully_when_cancelled()
    {
        var transport = new FakeTransport(null, VrrpIpAddress.Parse("10.0.0.1"));
        var vips = new FakeVipManager();
        using var loop = new VrrpEventLoop(new VrrpEventLoopOptions
        {
            Instances = [V2(255) with { InitialState = VrrpState.Master }],
            Transport = transport,
            VipManager = vips,
            Announcer = new FakeAnnouncer(),
            NotifyRunner = new FakeNotifyRunner(),
        });
        using var cts = new CancellationTokenSource();
        var transitions = new List<VrrpTransition>();
        loop.TransitionOccurred += transitions.Add;
        Task run = loop.RunAsync(cts.Token);
        for (int i = 0; i < 200 && loop.GetStatus("VI_1")!.State != VrrpState.Master; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(VrrpState.Master, loop.GetStatus("VI_1")!.State);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(VrrpState.Stop, loop.GetStatus("VI_1")!.State);
        Assert.Empty(vips.Present);
        Assert.Equal(0, transport.Sent[^1].Parse().Priority);
        Assert.Equal([VrrpState.Master, VrrpState.Stop], transitions.Select(t => t.To));
    }
}

/// <summary>Edge failures are logged, not fatal: the protocol keeps running.</summary>
public class VrrpEdgeFailureTests
{
    private sealed class BrokenEdge : IVipManager, IAnnouncer, INotifyRunner
    {
        public void Add(VrrpVirtualAddress address, string defaultInterface) =>
            throw new HaToolsException("VipAddFailed", HaToolsErrorKind.PermissionDenied, "RTNETLINK answers: Operation not permitted", address);

        public void Remove(VrrpVirtualAddress address, string defaultInterface) => throw new InvalidOperationException("netlink socket closed");

        public void Announce(VrrpAnnouncement announcement) => throw new IOException("ENETDOWN");

        public void Run(VrrpNotification notification) => throw new FileNotFoundException("no such script", notification.Script);
    }

    [Fact]
    public void Failing_vip_announce_and_notify_adapters_are_logged_and_the_master_keeps_advertising()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var broken = new BrokenEdge();
        var transport = new FakeTransport(null, VrrpIpAddress.Parse("10.0.0.1")) { Clock = time };
        var logs = new List<VrrpLogEntry>();
        using var loop = new VrrpEventLoop(
            new VrrpEventLoopOptions
            {
                Instances = [V2(100) with { NotifyScripts = new VrrpNotifyScripts { NotifyMaster = "/nope" } }],
                Transport = transport,
                VipManager = broken,
                Announcer = broken,
                NotifyRunner = broken,
                TimeProvider = time,
            },
            inline: true);
        loop.LogWritten += logs.Add;
        loop.Start();
        for (int i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(VrrpState.Master, loop.GetStatus("VI_1")!.State);
        Assert.Equal(7, transport.Sent.Count); // 3.609 s .. 9.609 s
        Assert.Contains(logs, l => l.Level == VrrpLogLevel.Error && l.Message == "(VI_1) failed to add 10.0.0.100/24: RTNETLINK answers: Operation not permitted");
        Assert.Contains(logs, l => l.Level == VrrpLogLevel.Error && l.Message == "(VI_1) announce failed: ENETDOWN");
        Assert.Contains(logs, l => l.Level == VrrpLogLevel.Error && l.Message.StartsWith("(VI_1) notify failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_settings_are_refused_with_a_stable_error_id()
    {
        VrrpInstanceSettings bad = V2(100) with { Version = 2, AdvertisementInterval = TimeSpan.FromMilliseconds(500), VirtualIPAddresses = [VrrpVirtualAddress.Parse("fd00::1/64")] };
        HaToolsException ex = Assert.Throws<HaToolsException>(bad.Validate);
        Assert.Equal("VrrpInvalidSettings", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.InvalidArgument, ex.Kind);
        Assert.Same(bad, ex.Target);
        Assert.Contains("whole seconds", ex.Message);
        Assert.Contains("IPv6 instances need Version 3", ex.Message);
        Assert.DoesNotContain("s3cret", bad.ToString());
    }
}
