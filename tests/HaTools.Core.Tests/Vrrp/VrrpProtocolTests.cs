using HaTools.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// RFC 3768 §6 / RFC 5798 §6 timing and election rules, with keepalived 2.2 as the reference where the RFCs leave room.
/// Two or more simulated routers share a FakeLan and a FakeTimeProvider; seconds of protocol run in microseconds.
/// </summary>
public sealed class VrrpProtocolTests : IDisposable
{
    private static readonly TimeSpan Skew100 = TimeSpan.FromTicks(6_093_750); // (256 - 100) / 256 s
    private static readonly TimeSpan Mdi100 = TimeSpan.FromSeconds(3) + Skew100;
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

    private FakeNode Node(string address, params VrrpInstanceSettings[] instances)
    {
        var n = new FakeNode(_lan, _time, address, instances);
        _nodes.Add(n);
        return n;
    }

    private void Run(TimeSpan duration) => FakeClock.Run(_time, duration, _nodes.ToArray());

    private void Run(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Backup_becomes_master_after_master_down_interval()
    {
        // RFC 3768 §6.4.1/§6.4.2: a backup that hears nothing takes over after 3 × Advertisement_Interval + Skew_Time.
        FakeNode a = Node("10.0.0.1", V2(100)).Start();
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Equal(Mdi100, a.Machine().MasterDownInterval);

        Run(Mdi100 - TimeSpan.FromTicks(1));
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Empty(a.Transport.Sent);

        Run(TimeSpan.FromTicks(1));
        Assert.Equal(VrrpState.Master, a.State());
        SentAdvert first = Assert.Single(a.Transport.Sent);
        Assert.Equal(Mdi100, first.At);
        Assert.Equal(100, first.Parse().Priority);
        Assert.Contains("10.0.0.100", a.Vips.Present);
        Assert.Contains("(VI_1) Entering MASTER STATE", a.Logs);
        VrrpTransition t = a.Transitions[^1];
        Assert.Equal((VrrpState.Backup, VrrpState.Master, "VI_1"), (t.From, t.To, t.Instance));
        Assert.Equal("10.0.0.1", t.MasterAddress!.ToString());
    }

    [Fact]
    public void Master_advertises_every_advertisement_interval()
    {
        FakeNode a = Node("10.0.0.1", V2(100)).Start();
        Run(Mdi100 + TimeSpan.FromSeconds(5));

        var times = a.Transport.Sent.Select(s => s.At).ToArray();
        Assert.Equal(6, times.Length);
        Assert.All(times.Zip(times.Skip(1), (x, y) => y - x), gap => Assert.Equal(TimeSpan.FromSeconds(1), gap));
        Assert.All(a.Transport.Sent, s => Assert.Equal(VrrpPacket.MulticastGroupIPv4, s.Destination));
    }

    [Fact]
    public void Initial_state_master_starts_as_master_after_one_interval_like_keepalived()
    {
        // keepalived: state MASTER leaves backup after Master_Adver_Interval + minimal skew (1/256 s), not 3 intervals.
        FakeNode a = Node("10.0.0.1", V2(100) with { InitialState = VrrpState.Master }).Start();
        Run(1.0);
        Assert.Equal(VrrpState.Backup, a.State());
        Run(0.004);
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(TimeSpan.FromTicks(10_039_060), a.Transport.Sent.First().At);
    }

    [Fact]
    public void Address_owner_with_state_master_takes_over_at_once()
    {
        // RFC 5798 §6.4.1: the owner (priority 255) goes straight to master.
        FakeNode a = Node("10.0.0.1", V2(255) with { InitialState = VrrpState.Master }).Start();
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(255, a.Transport.Sent.Single().Parse().Priority);
    }

    [Fact]
    public void Lower_priority_master_yields_to_a_higher_priority_backup()
    {
        // RFC 3768 §6.4.2: a preempting backup discards lower-priority adverts and its down timer expires;
        // §6.4.3: a master hearing a higher priority becomes backup.
        FakeNode a = Node("10.0.0.1", V2(100)).Start();
        Run(Mdi100 + TimeSpan.FromSeconds(1));
        Assert.Equal(VrrpState.Master, a.State());

        FakeNode b = Node("10.0.0.2", V2(150)).Start();
        Run(5.0);

        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Contains("(VI_1) received lower priority (100) advert from 10.0.0.1 - discarding", b.Logs);
        Assert.Contains("(VI_1) Master received advert from 10.0.0.2 with higher priority 150, ours 100", a.Logs);
        Assert.DoesNotContain("10.0.0.100", a.Vips.Present);
        Assert.Contains("10.0.0.100", b.Vips.Present);
        Assert.Equal("10.0.0.2", a.Status().MasterAddress!.ToString());
    }

    [Fact]
    public void Priority_zero_advert_makes_the_backup_take_over_after_skew_time()
    {
        // RFC 3768 §6.4.2 / RFC 5798 §6.4.2: on priority 0 the backup sets its down timer to Skew_Time.
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(10.0);
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(VrrpState.Backup, b.State());

        TimeSpan stoppedAt = b.Loop.Now();
        a.Loop.Dispose();
        Assert.Equal(0, a.Transport.Sent[^1].Parse().Priority);
        Assert.Equal(VrrpState.Stop, a.State());
        Run(Skew100 - TimeSpan.FromTicks(1));
        Assert.Equal(VrrpState.Backup, b.State());
        Run(TimeSpan.FromTicks(1));
        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(stoppedAt + Skew100, b.Transport.Sent[0].At);
        Assert.Equal(1, b.Status().PriorityZeroReceived);
    }

    [Fact]
    public void Backup_takes_over_after_master_down_interval_when_the_master_dies()
    {
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(10.0);
        TimeSpan lastAdvert = a.Transport.Sent[^1].At;
        a.Kill();
        Run(5.0);

        Assert.Equal(VrrpState.Master, b.State());
        // Measured on b's clock; both loops started together.
        Assert.Equal(lastAdvert + Mdi100, b.Transport.Sent[0].At);
    }

    [Fact]
    public void Nopreempt_backup_stays_backup_under_a_lower_priority_master()
    {
        FakeNode a = Node("10.0.0.1", V2(100)).Start();
        Run(5.0);
        FakeNode b = Node("10.0.0.2", V2(150) with { NoPreempt = true }).Start();
        Run(30.0);

        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(VrrpState.Backup, b.State());
        Assert.Empty(b.Transport.Sent);
    }

    [Fact]
    public void Preempt_delay_postpones_preemption_of_a_lower_priority_master()
    {
        // keepalived: preempt_delay starts when the lower-priority master is first heard.
        FakeNode a = Node("10.0.0.1", V2(100)).Start();
        Run(5.0);
        FakeNode b = Node("10.0.0.2", V2(150) with { PreemptDelay = TimeSpan.FromSeconds(10) }).Start();
        Run(10.0);
        Assert.Equal(VrrpState.Backup, b.State());

        Run(5.0);
        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(VrrpState.Backup, a.State());
        // Preemption happens once the delay is over and the last accepted advert's down timer runs out.
        Assert.InRange(b.Transport.Sent[0].At, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10) + Skew(150) + TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Equal_priorities_are_broken_by_the_higher_primary_address_after_a_partition_heals()
    {
        // RFC 5798 §6.4.3: same priority, the higher primary IP address wins; the split brain ends at the next advert.
        _lan.Connected = false;
        FakeNode low = Node("10.0.0.1", V2(100)).Start();
        FakeNode high = Node("10.0.0.2", V2(100)).Start();
        Run(5.0);
        Assert.Equal(VrrpState.Master, low.State());
        Assert.Equal(VrrpState.Master, high.State());

        _lan.Connected = true;
        Run(1.0);

        Assert.Equal(VrrpState.Backup, low.State());
        Assert.Equal(VrrpState.Master, high.State());
        Assert.Contains("(VI_1) Master received advert from 10.0.0.2 with same priority 100 but higher IP address than ours", low.Logs);
        Assert.Contains(high.Logs, l => l.StartsWith("(VI_1) Received advert from 10.0.0.1 with lower priority 100, ours 100", StringComparison.Ordinal));
    }

    [Fact]
    public void V3_backup_learns_the_masters_advertisement_interval()
    {
        // RFC 5798 §6.4.2: Master_Adver_Interval := the advert's Max Adver Int; Master_Down_Interval follows it.
        FakeNode a = Node("10.0.0.1", V3(150, TimeSpan.FromMilliseconds(200))).Start();
        FakeNode b = Node("10.0.0.2", V3(100, TimeSpan.FromSeconds(1))).Start();
        Run(3.0);
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(TimeSpan.FromMilliseconds(200), b.Machine().MasterAdvertisementInterval);
        // 3 × 0.2 s + (256 − 100) × 0.2 s / 256
        TimeSpan mdi = TimeSpan.FromMilliseconds(600) + TimeSpan.FromTicks(1_218_750);
        Assert.Equal(mdi, b.Machine().MasterDownInterval);

        TimeSpan last = a.Transport.Sent[^1].At;
        a.Kill();
        Run(2.0);
        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(last + mdi, b.Transport.Sent[0].At);
        // As master it advertises its own interval again (100 cs).
        Assert.Equal(100, b.Transport.Sent[0].Parse().AdvertInterval);
    }

    [Fact]
    public void V2_adverts_with_another_interval_are_dropped_and_counted()
    {
        // RFC 3768 §7.1: MUST verify the Adver Interval matches the local one.
        FakeNode a = Node("10.0.0.1", V2(150) with { AdvertisementInterval = TimeSpan.FromSeconds(2) }).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(12.0);
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(VrrpState.Master, b.State());
        Assert.True(b.Status().Errors[VrrpDropReason.AdvertIntervalMismatch] > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Master_answers_a_lower_priority_advert_unless_lower_prio_no_advert(bool lowerPrioNoAdvert)
    {
        // Partitioned, both become master (a at 3.414 s, b at 3.609 s). Healing at 4.5 s, a first hears b's 4.609 s advert.
        _lan.Connected = false;
        FakeNode a = Node("10.0.0.1", V2(150) with { LowerPriorityNoAdvert = lowerPrioNoAdvert }).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(4.5);
        Assert.Equal(VrrpState.Master, b.State());
        _lan.Connected = true;
        int aBefore = a.Transport.Sent.Count;

        Run(0.2);

        string expected = "(VI_1) Received advert from 10.0.0.2 with lower priority 100, ours 150" + (lowerPrioNoAdvert ? string.Empty : ", forcing new election");
        Assert.Contains(expected, a.Logs);
        if (lowerPrioNoAdvert)
        {
            // a stays silent until its own next advert (5.414 s); b is master until then.
            Assert.Equal(aBefore, a.Transport.Sent.Count);
            Assert.Equal(VrrpState.Master, b.State());
            Run(1.0);
        }
        else
        {
            // keepalived: the master answers at once, so the split brain ends within one advert.
            Assert.Equal(aBefore + 1, a.Transport.Sent.Count);
            Assert.Equal(b.Transport.Sent[^1].At, a.Transport.Sent[^1].At);
        }

        Assert.Equal(VrrpState.Backup, b.State());
        Assert.Equal(VrrpState.Master, a.State());
    }

    [Fact]
    public void Higher_prio_send_advert_sends_one_advert_before_yielding()
    {
        _lan.Connected = false;
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100) with { HigherPrioritySendAdvert = true, LowerPriorityNoAdvert = true }).Start();
        Run(4.0);
        int bBefore = b.Transport.Sent.Count;
        _lan.Connected = true;
        Run(1.0);

        Assert.Equal(VrrpState.Backup, b.State());
        Assert.Equal(bBefore + 1, b.Transport.Sent.Count);
        Assert.Equal(100, b.Transport.Sent[^1].Parse().Priority);
    }

    [Fact]
    public void Master_answers_a_priority_zero_advert_at_once()
    {
        // RFC 5798 §6.4.3: if the priority is zero, send an ADVERTISEMENT.
        _lan.Connected = false;
        FakeNode a = Node("10.0.0.1", V2(150)).Start();
        FakeNode b = Node("10.0.0.2", V2(100)).Start();
        Run(4.5);
        _lan.Connected = true;
        int before = a.Transport.Sent.Count;
        b.Loop.Dispose();
        foreach (var x in a.Transport.Sent) Console.WriteLine($"A2 {x.At} {x.Parse().Priority}"); // b was also master: it leaves with priority 0

        Assert.Equal(before + 1, a.Transport.Sent.Count);
        Assert.Equal(150, a.Transport.Sent[^1].Parse().Priority);
        Assert.Equal(VrrpState.Master, a.State());
    }

    private static TimeSpan Skew(int priority) => TimeSpan.FromTicks((256 - priority) * 1_000_000L / 256 * 10);
}
