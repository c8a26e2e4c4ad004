using HaTools.Core.Vrrp;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>The machine on its own: a pure function of (state, event, now) to (state, actions), no clock, no I/O.</summary>
public class VrrpStateMachineTests
{
    [Fact]
    public void Takeover_actions_come_in_keepalived_order_advert_then_vips_then_garp_then_notify()
    {
        var m = new VrrpStateMachine(V2(100)) { OwnAddress = VrrpIpAddress.Parse("10.0.0.1") };
        var actions = new List<VrrpAction>();
        m.Start(TimeSpan.Zero, actions);
        Assert.Equal(
            [VrrpActionKind.RemoveVirtualAddresses, VrrpActionKind.Log, VrrpActionKind.StateChanged, VrrpActionKind.Notify],
            actions.Select(a => a.Kind));
        Assert.Equal("(VI_1) Entering BACKUP STATE (init)", actions[1].Message);
        Assert.Equal(TimeSpan.FromTicks(36_093_750), m.NextDeadline);
        actions.Clear();

        m.TimerFired(TimeSpan.FromTicks(36_093_749), actions);
        Assert.Empty(actions);
        Assert.Equal(VrrpState.Backup, m.State);

        m.TimerFired(TimeSpan.FromTicks(36_093_750), actions);
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(
            [
                VrrpAction.Send(100),
                VrrpAction.Log("(VI_1) Entering MASTER STATE"),
                new VrrpAction(VrrpActionKind.AddVirtualAddresses),
                new VrrpAction(VrrpActionKind.Announce, Count: 5),
                new VrrpAction(VrrpActionKind.StateChanged, Priority: 100, From: VrrpState.Backup, To: VrrpState.Master, Message: "master down timer expired"),
                new VrrpAction(VrrpActionKind.Notify, Priority: 100, From: VrrpState.Backup, To: VrrpState.Master),
            ],
            actions);
        // Next: the advert timer (1 s) before the delayed GARP (5 s).
        Assert.Equal(TimeSpan.FromTicks(46_093_750), m.NextDeadline);
    }

    [Fact]
    public void Same_events_at_the_same_times_give_the_same_actions()
    {
        static List<VrrpAction> Script()
        {
            var m = new VrrpStateMachine(V2(120) with { Tracks = [new VrrpTrack(VrrpTrackKind.Script, "s", -30)] }) { OwnAddress = VrrpIpAddress.Parse("10.0.0.1") };
            var rx = new VrrpPacket(2, 51, 110, 1, [VrrpIpAddress.Parse("10.0.0.100")], VrrpAuthType.Password, "s3cret"u8);
            var buffer = new byte[64];
            VrrpPacketWriter.TryWrite(rx, VrrpIpAddress.Parse("10.0.0.2"), VrrpPacket.MulticastGroupIPv4, VrrpChecksumKind.MessageOnly, buffer, out int n);
            VrrpPacketReader.TryRead(buffer.AsSpan(0, n), System.Net.Sockets.AddressFamily.InterNetwork, VrrpIpAddress.Parse("10.0.0.2"), VrrpPacket.MulticastGroupIPv4, out VrrpPacket p, out _);
            var actions = new List<VrrpAction>();
            m.Start(TimeSpan.Zero, actions);
            m.AdvertisementReceived(p, TimeSpan.FromSeconds(1), actions);      // lower priority: discarded (preempt)
            m.TrackerChanged(new VrrpTrackerReport(VrrpTrackKind.Script, "s", false), TimeSpan.FromSeconds(2), actions); // 120 → 90
            m.AdvertisementReceived(p, TimeSpan.FromSeconds(3), actions);      // now higher than ours: accepted
            m.TimerFired(TimeSpan.FromSeconds(10), actions);
            return actions;
        }

        List<VrrpAction> first = Script();
        Assert.Equal(first, Script());
        Assert.Contains(VrrpAction.Log("(VI_1) received lower priority (110) advert from 10.0.0.2 - discarding"), first);
        Assert.Contains(VrrpAction.Log("(VI_1) Changing effective priority from 120 to 90"), first);
        // Accepted at 3 s, so the down timer (3 × 1 s + (256 − 90)/256 s) ran out at 6.648 s, before 10 s.
        Assert.Equal(VrrpActionKind.Notify, first[^1].Kind);
        Assert.Equal(VrrpState.Master, first[^1].To);
    }
}

public class VrrpAddressOwnerConflictTests
{
    [Fact]
    public void Two_address_owners_the_lower_address_steps_down_to_254_like_keepalived()
    {
        var m = new VrrpStateMachine(V2(255) with { InitialState = VrrpState.Master }) { OwnAddress = VrrpIpAddress.Parse("10.0.0.1") };
        var actions = new List<VrrpAction>();
        m.Start(TimeSpan.Zero, actions);
        m.TimerFired(TimeSpan.Zero, actions);
        Assert.Equal(VrrpState.Master, m.State);
        actions.Clear();

        var other = new VrrpPacket(2, 51, 255, 1, [VrrpIpAddress.Parse("10.0.0.100")], VrrpAuthType.Password, "s3cret"u8);
        var buffer = new byte[64];
        VrrpPacketWriter.TryWrite(other, VrrpIpAddress.Parse("10.0.0.2"), VrrpPacket.MulticastGroupIPv4, VrrpChecksumKind.MessageOnly, buffer, out int n);
        VrrpPacketReader.TryRead(buffer.AsSpan(0, n), System.Net.Sockets.AddressFamily.InterNetwork, VrrpIpAddress.Parse("10.0.0.2"), VrrpPacket.MulticastGroupIPv4, out VrrpPacket p, out _);
        m.AdvertisementReceived(p, TimeSpan.FromSeconds(1), actions);

        Assert.Equal(254, m.BasePriority);
        Assert.Equal(254, m.EffectivePriority);
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.Contains(actions, a => a.Level == VrrpLogLevel.Error && a.Message!.Contains("both configured as address owner", StringComparison.Ordinal));
    }
}
