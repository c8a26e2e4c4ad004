using HaTools.Core.Vrrp;

namespace VrrpBench;

/// <summary>In-memory LAN: every channel of a family hears every other one's multicast (no kernel, no copies beyond the loop's own).</summary>
internal sealed class MemoryLan
{
    private readonly List<MemoryChannel> _channels = [];

    public long Delivered;

    public IVrrpTransport Host(VrrpIpAddress address) => new Transport(this, address);

    private sealed class Transport(MemoryLan lan, VrrpIpAddress address) : IVrrpTransport
    {
        public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink)
        {
            var c = new MemoryChannel(lan, address, sink);
            lock (lan._channels)
            {
                lan._channels.Add(c);
            }

            return c;
        }
    }

    private sealed class MemoryChannel(MemoryLan lan, VrrpIpAddress address, IVrrpPacketSink sink) : IVrrpChannel
    {
        public VrrpIpAddress PrimaryAddress => address;

        public bool Send(ReadOnlySpan<byte> vrrpMessage, VrrpIpAddress source, VrrpIpAddress destination)
        {
            List<MemoryChannel> all = lan._channels;
            for (int i = 0; i < all.Count; i++)
            {
                MemoryChannel c = all[i];
                if (c != this)
                {
                    c.Sink.Deliver(vrrpMessage, new VrrpReceiveInfo(source, destination, 255, 1));
                    Interlocked.Increment(ref lan.Delivered);
                }
            }

            return true;
        }

        public IVrrpPacketSink Sink => sink;

        public void Dispose()
        {
        }
    }
}

internal sealed class NullEdge : IVipManager, IAnnouncer, INotifyRunner
{
    public void Add(VrrpVirtualAddress address, string defaultInterface)
    {
    }

    public void Remove(VrrpVirtualAddress address, string defaultInterface)
    {
    }

    public void Announce(VrrpAnnouncement announcement)
    {
    }

    public void Run(VrrpNotification notification)
    {
    }
}
