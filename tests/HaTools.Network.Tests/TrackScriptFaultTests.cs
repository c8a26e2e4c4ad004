using System.Net;
using HaTools.Core.Lab;
using HaTools.VrrpNode;

namespace HaTools.Network.Tests;

/// <summary>
/// Track scripts that fail, hang and flap, on the wire (issue 3, "Faults"): separate node processes, a client
/// watching the VIP for the whole scenario, keepalived's weight semantics (negative weight subtracts on failure).
/// </summary>
public class TrackScriptFaultTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.99.0.250");
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static InstanceConfig V3(int priority, ControlledScript? script = null, int scriptIntervalMs = 100, int? timeoutMs = null, int rise = 1, int fall = 1) => new()
    {
        Priority = priority,
        Version = 3,
        AdvertIntervalMs = (int)Interval.TotalMilliseconds,
        VirtualIPAddresses = { "10.99.0.250/24" },
        GarpMasterDelayMs = 1000,
        GarpMasterRepeat = 1,
        TrackScripts = script is null
            ? new List<TrackScriptConfig>()
            : new List<TrackScriptConfig> { new() { Name = "chk", Command = { script.FilePath }, IntervalMs = scriptIntervalMs, TimeoutMs = timeoutMs, Rise = rise, Fall = fall, Weight = -60 } },
    };

    private static (VrrpNodeProcess N1, VrrpNodeProcess N2) StartPair(FailoverLab lab, InstanceConfig c1, InstanceConfig c2)
    {
        var n1 = VrrpNodeProcess.Start(lab, lab.Nodes[0], c1);
        var n2 = VrrpNodeProcess.Start(lab, lab.Nodes[1], c2);
        Assert.True(
            Wait.Until(() => n1.State() == "Master" && n2.State() == "Backup" && lab.NodesHolding(Vip).SequenceEqual(new[] { lab.Nodes[0] }), TimeSpan.FromSeconds(6)),
            string.Join("\n", lab.Timeline) + n1.Process.Output);
        return (n1, n2);
    }

    private static bool Holds(FailoverLab lab, int node) => lab.NodesHolding(Vip).SequenceEqual(new[] { lab.Nodes[node] });

    [Fact]
    public void Failing_track_script_subtracts_its_weight_so_the_backup_takes_over_and_recovery_preempts_back()
    {
        using var lab = FailoverLab.Create(2);
        var script = new ControlledScript(lab, "n1");
        var (n1, n2) = StartPair(lab, V3(150, script, timeoutMs: 2000, rise: 2, fall: 2), V3(100));
        using var invariants = VipInvariants.Watch(lab, Vip, Interval, lowestBackupPriority: 90);

        script.Mode = "fail";
        Assert.True(Wait.Until(() => n2.State() == "Master" && n1.State() == "Backup" && Holds(lab, 1), TimeSpan.FromSeconds(3)), n1.Process.Output + n2.Process.Output);
        Assert.Equal(90, n1.Status().GetProperty("EffectivePriority").GetInt32()); // 150 - 60, not FAULT: weight is non-zero

        script.Mode = "ok";
        Assert.True(Wait.Until(() => n1.State() == "Master" && n2.State() == "Backup" && Holds(lab, 0), TimeSpan.FromSeconds(3)), n1.Process.Output + n2.Process.Output);
        Assert.Equal(150, n1.Status().GetProperty("EffectivePriority").GetInt32());
        Thread.Sleep(300);
        Assert.Equal(new[] { "n1" }, invariants.AssertHeld(n1.Process.Output + n2.Process.Output).FinalHolders);
    }

    [Fact]
    public void Hanging_track_script_is_killed_at_its_timeout_counts_as_failure_and_the_instance_keeps_running()
    {
        using var lab = FailoverLab.Create(2);
        var script = new ControlledScript(lab, "n1");
        var (n1, n2) = StartPair(lab, V3(150, script, scriptIntervalMs: 300, timeoutMs: 250, fall: 2), V3(100));
        using var invariants = VipInvariants.Watch(lab, Vip, Interval, lowestBackupPriority: 90);

        long hangAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        script.Mode = "hang";
        Assert.True(Wait.Until(() => n2.State() == "Master" && Holds(lab, 1), TimeSpan.FromSeconds(3)), n1.Process.Output + n2.Process.Output);

        // Two hung runs (fall 2) must each be cut at 250 ms: not sooner (a hang is not a launch failure), and on an idle
        // machine by 300 + 300 + 250 + Master_Down_Interval 361 ms. The bound allows for a loaded CI box; without the
        // timeout kill nothing would move for the script's 300 s.
        long tookOver = n2.Transitions().Last(t => t.To == "Master").UnixMs;
        Assert.InRange(tookOver - hangAt, 250 + 250, 4000);

        // Runs go on after a timeout (the tracker is not stuck on the hung child), and each hung child is gone.
        Assert.True(Wait.Until(() => script.HungPids.Count >= 3, TimeSpan.FromSeconds(3)), n1.Process.Output);
        Assert.Equal(90, n1.Status().GetProperty("EffectivePriority").GetInt32());
        Assert.Contains("TimedOut", n1.Process.Output);

        script.Mode = "ok";
        Assert.True(Wait.Until(() => n1.State() == "Master" && Holds(lab, 0), TimeSpan.FromSeconds(3)), n1.Process.Output);
        Assert.True(Wait.Until(() => script.HungPids.All(p => !ControlledScript.IsAlive(p)), TimeSpan.FromSeconds(1)),
            "hung script runs left alive: " + string.Join(",", script.HungPids.Where(ControlledScript.IsAlive)));
        Thread.Sleep(300);
        Assert.Equal(new[] { "n1" }, invariants.AssertHeld(n1.Process.Output + n2.Process.Output).FinalHolders);
    }

    [Fact]
    public void Track_script_flapping_faster_than_rise_and_fall_never_moves_the_priority_on_the_wire()
    {
        using var lab = FailoverLab.Create(2);
        var script = new ControlledScript(lab, "n1");
        // A generous timeout: a run slowed by load past it would count as a failure and break the alternation.
        var (n1, n2) = StartPair(lab, V3(150, script, timeoutMs: 2000, rise: 2, fall: 2), V3(100));
        using var invariants = VipInvariants.Watch(lab, Vip, Interval, lowestBackupPriority: 90);
        using var adverts = LabAdvertRecorder.Start(lab);

        int runsBefore = script.Runs;
        script.Mode = "flap";
        Thread.Sleep(2000);
        int flapRuns = script.Runs - runsBefore;
        script.Mode = "ok";

        // Alternating results never make two failures in a row, so fall 2 is never reached.
        Assert.True(flapRuns >= 10, $"only {flapRuns} runs");
        Assert.True(n1.Process.Output.Split('\n').Count(l => l.Contains(" SCRIPT ", StringComparison.Ordinal)) >= flapRuns / 2 - 1, n1.Process.Output);
        var fromN1 = adverts.Adverts.Where(a => a.Source.Equals(lab.Nodes[0].IPv4)).ToArray();
        Assert.True(fromN1.Length >= 15, $"{fromN1.Length} adverts heard");
        Assert.All(fromN1, a => Assert.Equal(150, a.Priority));
        Assert.DoesNotContain(adverts.Adverts, a => a.Source.Equals(lab.Nodes[1].IPv4));
        Assert.DoesNotContain(n1.Transitions(), t => t.From == "Master");
        Assert.Equal(new[] { "n1" }, invariants.AssertHeld(n1.Process.Output).FinalHolders);
    }

    [Fact]
    public void Keepalived_master_with_a_weighted_track_script_and_a_hatools_backup_agree_through_flap_failure_and_recovery()
    {
        using var lab = FailoverLab.Create(2);
        LabNode kNode = lab.Nodes[0], hNode = lab.Nodes[1];
        var script = new ControlledScript(lab, "k");
        var keepalived = KeepalivedProcess.Start(lab, kNode, new KeepalivedInstance(
            150, 3, Interval.TotalSeconds, "10.99.0.250/24", Script: new KeepalivedScript(script.FilePath, IntervalSeconds: 1, Weight: -60, Rise: 2, Fall: 2)));
        var hatools = VrrpNodeProcess.Start(lab, hNode, V3(100));
        string Why() => KeepalivedInteropTests.Diagnose(lab, hatools, keepalived);
        Assert.True(Wait.Until(() => keepalived.State == "MASTER" && hatools.State() == "Backup" && Holds(lab, 0), TimeSpan.FromSeconds(8)), Why());
        using var invariants = VipInvariants.Watch(lab, Vip, Interval, lowestBackupPriority: 90);
        using var adverts = LabAdvertRecorder.Start(lab);
        IEnumerable<LabAdvert> FromKeepalived(TimeSpan since) => adverts.Adverts.Where(a => a.Source.Equals(kNode.IPv4) && a.Elapsed >= since);

        // Flapping once a second with rise 2 / fall 2: keepalived must keep advertising 150, and we stay backup.
        var flapFrom = lab.Elapsed;
        script.Mode = "flap";
        Thread.Sleep(4500);
        Assert.True(script.Runs >= 4, $"keepalived ran the script {script.Runs} times");
        Assert.All(FromKeepalived(flapFrom), a => Assert.Equal(150, a.Priority));
        Assert.Equal("Backup", hatools.State());

        // Failing: keepalived drops to 90 after two failures; the HaTools backup (100) takes over and keepalived yields.
        var failFrom = lab.Elapsed;
        script.Mode = "fail";
        Assert.True(Wait.Until(() => hatools.State() == "Master" && Holds(lab, 1) && keepalived.State == "BACKUP", TimeSpan.FromSeconds(6)), Why());
        Assert.Contains(FromKeepalived(failFrom), a => a.Priority == 90);

        // Recovered: back to 150 after two successes, keepalived preempts and HaTools gives the VIP back.
        var okFrom = lab.Elapsed;
        script.Mode = "ok";
        Assert.True(Wait.Until(() => keepalived.State == "MASTER" && hatools.State() == "Backup" && Holds(lab, 0), TimeSpan.FromSeconds(6)), Why());
        Assert.Contains(FromKeepalived(okFrom), a => a.Priority == 150);
        Thread.Sleep(300);
        Assert.Equal(new[] { "n1" }, invariants.AssertHeld(Why()).FinalHolders);
    }
}
