using HaTools.Core.Lab;

namespace HaTools.Core.Tests.Lab;

/// <summary>The lab's VIP invariants on hand-made timelines (issue 3, "Faults": one holder, none only briefly).</summary>
public class LabVipInvariantsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly LabVipRules Rules = LabVipRules.ForVrrp(Interval, lowestBackupPriority: 100, slack: TimeSpan.FromMilliseconds(50));

    /// <summary>A scenario sampled every 10 ms: each step is (milliseconds it lasts, holders, conditions of n1 and n2).</summary>
    private static List<LabVipSample> Scenario(params (int Ms, string Holders, string N1, string N2)[] steps)
    {
        var samples = new List<LabVipSample>();
        int t = 0;
        foreach (var (ms, holders, n1, n2) in steps)
        {
            for (int end = t + ms; t < end; t += 10)
            {
                var who = holders.Split(',', StringSplitOptions.RemoveEmptyEntries);
                var conditions = new Dictionary<string, LabNodeCondition> { ["n1"] = Enum.Parse<LabNodeCondition>(n1), ["n2"] = Enum.Parse<LabNodeCondition>(n2) };
                samples.Add(new LabVipSample(TimeSpan.FromMilliseconds(t), who, who, conditions));
            }
        }

        return samples;
    }

    private static LabEvent Event(int ms, string kind, string node) => new(TimeSpan.FromMilliseconds(ms), DateTimeOffset.UnixEpoch, kind, node, kind);

    [Fact]
    public void Rules_for_vrrp_bound_no_holder_by_master_down_interval_rfc5798_6_1()
    {
        // 3 × 100 ms + (256 - 100) / 256 × 100 ms = 360.9 ms, plus slack.
        Assert.Equal(360.9375 + 50, Rules.MaxNoHolder.TotalMilliseconds, 3);
        Assert.Equal(100 + 50, Rules.MaxDualHolders.TotalMilliseconds); // the old master steps down by the next advert
        Assert.Equal(TimeSpan.Zero, Rules.AfterHeal); // after healing the two-holder bound is one advert interval
    }

    [Fact]
    public void One_holder_throughout_keeps_the_invariants()
    {
        var samples = Scenario((1000, "n1", "Healthy", "Healthy"));
        Assert.Empty(LabVipInvariants.Check(samples, [], Rules));
    }

    [Fact]
    public void Two_holders_longer_than_an_advert_interval_and_slack_is_a_violation_in_both_views()
    {
        var samples = Scenario((200, "n1", "Healthy", "Healthy"), (200, "n1,n2", "Healthy", "Healthy"), (200, "n2", "Healthy", "Healthy"));
        var violations = LabVipInvariants.Check(samples, [], Rules);

        Assert.Equal(new[] { "address", "arp" }, violations.Select(v => v.View).Order());
        Assert.All(violations, v =>
        {
            Assert.Equal("two holders", v.Kind);
            Assert.Equal(new[] { "n1", "n2" }, v.Holders);
            Assert.Equal(TimeSpan.FromMilliseconds(200), v.From);
            Assert.Equal(TimeSpan.FromMilliseconds(390), v.To); // last bad sample: a lower bound
        });
    }

    [Fact]
    public void A_handover_overlap_within_the_bound_is_allowed()
    {
        var samples = Scenario((200, "n1", "Healthy", "Healthy"), (40, "n1,n2", "Healthy", "Healthy"), (200, "n2", "Healthy", "Healthy"));
        Assert.Empty(LabVipInvariants.Check(samples, [], Rules));
    }

    [Fact]
    public void No_holder_is_allowed_for_master_down_interval_after_a_crash_but_not_longer()
    {
        var inTime = Scenario((200, "n1", "Healthy", "Healthy"), (400, "", "Crashed", "Healthy"), (200, "n2", "Crashed", "Healthy"));
        Assert.Empty(LabVipInvariants.Check(inTime, [], Rules));

        var late = Scenario((200, "n1", "Healthy", "Healthy"), (600, "", "Crashed", "Healthy"), (200, "n2", "Crashed", "Healthy"));
        var violation = Assert.Single(LabVipInvariants.Check(late, [], Rules), v => v.View == "address");
        Assert.Equal("no holder", violation.Kind);
        Assert.Equal(new[] { "n2" }, violation.Holders); // the healthy node that should have taken over
    }

    [Fact]
    public void A_crashed_node_with_its_leftover_vip_is_not_a_second_holder()
    {
        var samples = Scenario((200, "n1", "Healthy", "Healthy"), (400, "n1", "Crashed", "Healthy"), (400, "n1,n2", "Crashed", "Healthy"));
        Assert.Empty(LabVipInvariants.Check(samples, [], Rules));
    }

    [Fact]
    public void A_stopped_node_that_left_its_vip_behind_still_counts()
    {
        var samples = Scenario((200, "n1", "Healthy", "Healthy"), (400, "n1,n2", "Stopped", "Healthy"));
        Assert.Contains(LabVipInvariants.Check(samples, [], Rules), v => v.Kind == "two holders");
    }

    [Fact]
    public void No_holder_without_a_healthy_node_is_not_a_violation()
    {
        var samples = Scenario((200, "n1", "Healthy", "LinkDown"), (1000, "", "Stopped", "LinkDown"));
        Assert.Empty(LabVipInvariants.Check(samples, [], Rules));
    }

    [Fact]
    public void Split_brain_is_excused_while_partitioned_and_must_end_within_one_advert_interval_of_healing()
    {
        var events = new[] { Event(200, "partition", "n1"), Event(1000, "heal", "n1") };
        var resolved = Scenario((600, "n1", "Healthy", "Healthy"), (500, "n1,n2", "Healthy", "Healthy"), (300, "n1", "Healthy", "Healthy"));
        Assert.Empty(LabVipInvariants.Check(resolved, events, Rules));

        // Still two holders 300 ms after healing: one interval (100 ms) + 50 ms slack is exceeded.
        var stuck = Scenario((600, "n1", "Healthy", "Healthy"), (700, "n1,n2", "Healthy", "Healthy"), (300, "n1", "Healthy", "Healthy"));
        var violation = Assert.Single(LabVipInvariants.Check(stuck, events, Rules), v => v.View == "address");
        Assert.Equal(TimeSpan.FromMilliseconds(1010), violation.From);
    }

    [Fact]
    public void A_partition_never_healed_excuses_split_brain_to_the_end()
    {
        var windows = LabVipInvariants.PartitionWindows([Event(100, "partition", "n2")], Interval);
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.MaxValue), Assert.Single(windows));
    }

    [Fact]
    public void Arp_view_is_skipped_when_there_is_none_ipv6()
    {
        var samples = Scenario((300, "n1,n2", "Healthy", "Healthy"))
            .Select(s => s with { ArpAnswerers = null }).ToList();
        var violation = Assert.Single(LabVipInvariants.Check(samples, [], Rules));
        Assert.Equal("address", violation.View);
    }
}
