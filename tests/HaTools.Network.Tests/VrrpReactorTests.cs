using System.Net.Sockets;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Vrrp;

namespace HaTools.Network.Tests;

/// <summary>
/// The Linux reactor the VRRP loop sleeps in (ppoll over its raw sockets and an eventfd): datagrams are delivered
/// on the thread that waits, Wake ends a wait from another thread, and a deadline ends it when nothing happens.
/// </summary>
public class VrrpReactorTests
{
    [Theory]
    [InlineData("ipv4")]
    [InlineData("ipv6")]
    public void Advert_from_the_peer_is_delivered_on_the_waiting_thread(string family)
    {
        using var lab = FailoverLab.Create(2);
        bool v6 = family == "ipv6";
        var options = new VrrpChannelOptions { Interface = "eth0", Family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork };
        var transport = new LinuxVrrpTransport(lab.Nodes[1].Namespace);
        using var reactor = transport.CreateReactor();
        var sink = new ThreadRecordingSink();
        using var receiver = transport.Open(options, sink, reactor);
        using var sender = new LinuxVrrpTransport(lab.Nodes[0].Namespace).Open(options, new RecordingSink());
        Assert.True(((LinuxVrrpChannel)receiver).IsReactorDriven);

        var group = v6 ? VrrpPacket.MulticastGroupIPv6 : VrrpPacket.MulticastGroupIPv4;
        var packet = new VrrpPacket(3, 51, 150, 5, [v6 ? VrrpIpAddress.Parse("fd99::250") : VrrpIpAddress.Parse("10.99.0.250")]);
        var buffer = new byte[256];
        Assert.True(VrrpPacketWriter.TryWrite(packet, sender.PrimaryAddress, group, VrrpChecksumKind.PseudoHeader, buffer, out int n));
        Assert.True(sender.Send(buffer.AsSpan(0, n), sender.PrimaryAddress, group));

        // Nothing arrives on a thread of the channel's own: only this thread's waits deliver.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (sink.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            reactor.WaitAndDispatch(TimeSpan.FromMilliseconds(100));
        }

        var (datagram, info, thread) = Assert.Single(sink.Received);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(255, info.TtlOrHopLimit);
        Assert.Equal(sender.PrimaryAddress, info.Source);
        int offset = info.IncludesIPv4Header ? 20 : 0;
        Assert.Equal(150, datagram[offset + 2]);
    }

    [Fact]
    public async Task Wake_from_another_thread_ends_a_wait_without_deadline()
    {
        using var lab = FailoverLab.Create(1);
        var transport = new LinuxVrrpTransport(lab.Nodes[0].Namespace);
        using var reactor = (LinuxVrrpReactor)transport.CreateReactor();
        using var channel = transport.Open(new VrrpChannelOptions { Interface = "eth0", Family = AddressFamily.InterNetwork }, new RecordingSink(), reactor);

        var waiter = Task.Factory.StartNew(() => reactor.WaitAndDispatch(null), TaskCreationOptions.LongRunning);
        reactor.Wake();

        await waiter.WaitAsync(TimeSpan.FromSeconds(10)); // throws TimeoutException if Wake did not end the wait
        Assert.Equal(1, reactor.Wakeups);
    }

    [Fact]
    public async Task Wait_with_a_deadline_returns_when_nothing_happens_and_wake_after_dispose_is_harmless()
    {
        using var lab = FailoverLab.Create(1);
        var transport = new LinuxVrrpTransport(lab.Nodes[0].Namespace);
        var reactor = (LinuxVrrpReactor)transport.CreateReactor();
        using (transport.Open(new VrrpChannelOptions { Interface = "eth0", Family = AddressFamily.InterNetwork, JoinMulticastGroup = false }, new RecordingSink(), reactor))
        {
            var waiter = Task.Factory.StartNew(() => reactor.WaitAndDispatch(TimeSpan.FromMilliseconds(20)), TaskCreationOptions.LongRunning);
            await waiter.WaitAsync(TimeSpan.FromSeconds(10)); // throws TimeoutException if the deadline did not end the wait
            Assert.Equal(0, reactor.Wakeups);
        }

        reactor.Dispose();
        reactor.Wake();
        reactor.Dispose();
    }

    private sealed class ThreadRecordingSink : IVrrpPacketSink
    {
        public List<(byte[] Datagram, VrrpReceiveInfo Info, int Thread)> Received { get; } = [];

        public void Deliver(ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info) =>
            Received.Add((datagram.ToArray(), info, Environment.CurrentManagedThreadId));
    }
}
