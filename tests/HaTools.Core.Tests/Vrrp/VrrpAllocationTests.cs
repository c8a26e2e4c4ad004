using HaTools.Core.Vrrp;
using static HaTools.Core.Tests.Vrrp.VrrpTestSettings;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>Steady state allocates nothing: a master sending and a backup receiving adverts (issue 3, Performance).</summary>
public class VrrpAllocationTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void Sending_and_receiving_adverts_allocates_nothing(int version, bool ipv6)
    {
        var clock = new ManualClock();
        var lan = new FakeLan();
        VrrpInstanceSettings Settings(int prio) => version == 2
            ? V2(prio) with { UnicastPeers = [], Tracks = [new VrrpTrack(VrrpTrackKind.Script, "chk", -10)] }
            : V3(prio, TimeSpan.FromMilliseconds(100), vip: ipv6 ? "fd00::100/64" : "10.0.0.100/24");
        using var master = new FakeNode(lan, clock, ipv6 ? "fe80::1" : "10.0.0.1", Settings(150));
        using var backup = new FakeNode(lan, clock, ipv6 ? "fe80::2" : "10.0.0.2", Settings(100));
        master.Transport.RecordSends = false;
        backup.Transport.RecordSends = false;
        master.Start();
        backup.Start();
        clock.Advance(TimeSpan.FromSeconds(10)); // election, first adverts, pools and queues warmed up
        Assert.Equal(VrrpState.Master, master.State());
        Assert.Equal(VrrpState.Backup, backup.State());
        long sentBefore = master.Status().AdvertisementsSent;
        long receivedBefore = backup.Status().AdvertisementsReceived;
        TimeSpan interval = master.Machine().AdvertisementInterval;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            clock.Advance(interval);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(sentBefore + 1000, master.Status().AdvertisementsSent);
        Assert.Equal(receivedBefore + 1000, backup.Status().AdvertisementsReceived);
        Assert.Equal(0, backup.Status().Errors.Total);
        Assert.Equal(0, allocated);
    }
}
