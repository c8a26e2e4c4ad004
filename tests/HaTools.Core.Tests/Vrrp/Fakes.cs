using System.Net.Sockets;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>A datagram a fake channel sent.</summary>
public sealed record SentAdvert(TimeSpan At, byte[] Bytes, VrrpIpAddress Source, VrrpIpAddress Destination)
{
    public VrrpPacket Parse()
    {
        Assert.True(VrrpPacketReader.TryRead(Bytes, Source.Family, Source, Destination, out VrrpPacket p, out VrrpDropReason r), r.ToString());
        return p;
    }
}

/// <summary>
/// An in-memory LAN: multicast adverts reach every other channel of the same family; unicast ones the channel that
/// owns the destination address. <see cref="Connected"/> = false partitions everyone.
/// </summary>
public sealed class FakeLan
{
    private readonly List<FakeChannel> _channels = [];

    public bool Connected { get; set; } = true;

    /// <summary>TTL / hop limit stamped on delivered packets (255 on a real LAN).</summary>
    public int Ttl { get; set; } = 255;

    internal void Attach(FakeChannel channel) => _channels.Add(channel);

    internal void Detach(FakeChannel channel) => _channels.Remove(channel);

    internal void Carry(FakeChannel from, ReadOnlySpan<byte> message, VrrpIpAddress source, VrrpIpAddress destination)
    {
        if (!Connected || from.Cut)
        {
            return;
        }

        bool multicast = destination == VrrpPacket.MulticastGroupIPv4 || destination == VrrpPacket.MulticastGroupIPv6;
        // Index loop, not foreach/ToArray: the allocation test runs through here.
        for (int i = 0; i < _channels.Count; i++)
        {
            FakeChannel c = _channels[i];
            if (c == from || c.Cut || c.Family != from.Family)
            {
                continue;
            }

            if (multicast || c.Owns(destination))
            {
                c.Sink.Deliver(message, new VrrpReceiveInfo(source, destination, Ttl, 1));
            }
        }
    }
}

/// <summary>Transport of one fake host: its addresses and the channels it opened.</summary>
public sealed class FakeTransport(FakeLan? lan, params VrrpIpAddress[] addresses) : IVrrpTransport
{
    public List<FakeChannel> Channels { get; } = [];

    public VrrpIpAddress[] Addresses { get; } = addresses;

    /// <summary>Set to false for the allocation test: sends are then only counted.</summary>
    public bool RecordSends { get; set; } = true;

    public TimeProvider? Clock { get; set; }

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink)
    {
        var c = new FakeChannel(this, lan, options, sink);
        Channels.Add(c);
        lan?.Attach(c);
        return c;
    }

    public IReadOnlyList<SentAdvert> Sent => Channels.SelectMany(c => c.Sent).OrderBy(s => s.At).ToList();
}

public sealed class FakeChannel : IVrrpChannel
{
    private readonly FakeTransport _host;
    private readonly FakeLan? _lan;
    private readonly long _origin;

    internal FakeChannel(FakeTransport host, FakeLan? lan, VrrpChannelOptions options, IVrrpPacketSink sink)
    {
        _host = host;
        _lan = lan;
        Options = options;
        Sink = sink;
        _origin = host.Clock?.GetTimestamp() ?? 0;
    }

    public VrrpChannelOptions Options { get; }

    public IVrrpPacketSink Sink { get; }

    public AddressFamily Family => Options.Family;

    public List<SentAdvert> Sent { get; } = [];

    public long SendCount { get; private set; }

    /// <summary>Link cut: nothing in or out (master "killed" or partitioned).</summary>
    public bool Cut { get; set; }

    public bool Disposed { get; private set; }

    public VrrpIpAddress PrimaryAddress
    {
        get
        {
            // A plain loop: the loop reads this per advert and the allocation test counts every byte.
            foreach (VrrpIpAddress a in _host.Addresses)
            {
                if (a.Family == Family)
                {
                    return a;
                }
            }

            return VrrpIpAddress.None;
        }
    }

    public bool Owns(VrrpIpAddress address) => Array.IndexOf(_host.Addresses, address) >= 0;

    public bool Send(ReadOnlySpan<byte> vrrpMessage, VrrpIpAddress source, VrrpIpAddress destination)
    {
        SendCount++;
        if (_host.RecordSends)
        {
            TimeSpan at = _host.Clock is null ? TimeSpan.Zero : _host.Clock.GetElapsedTime(_origin);
            Sent.Add(new SentAdvert(at, vrrpMessage.ToArray(), source, destination));
        }

        _lan?.Carry(this, vrrpMessage, source, destination);
        return true;
    }

    public void Dispose()
    {
        Disposed = true;
        _lan?.Detach(this);
    }
}

/// <summary>Records VIPs present on the fake host.</summary>
public sealed class FakeVipManager : IVipManager
{
    public HashSet<string> Present { get; } = [];

    public List<string> Log { get; } = [];

    public void Add(VrrpVirtualAddress address, string defaultInterface)
    {
        Present.Add(address.Address.ToString());
        Log.Add("add " + address.Address);
    }

    public void Remove(VrrpVirtualAddress address, string defaultInterface)
    {
        Present.Remove(address.Address.ToString());
        Log.Add("del " + address.Address);
    }
}

public sealed class FakeAnnouncer(TimeProvider? clock = null) : IAnnouncer
{
    public List<(DateTimeOffset At, VrrpAnnouncement Announcement)> Announcements { get; } = [];

    public void Announce(VrrpAnnouncement announcement) => Announcements.Add((clock?.GetUtcNow() ?? default, announcement));
}

public sealed class FakeNotifyRunner : INotifyRunner
{
    public List<VrrpNotification> Runs { get; } = [];

    public void Run(VrrpNotification notification) => Runs.Add(notification);
}

/// <summary>A tracker the test drives by hand.</summary>
public sealed class FakeTracker : ITracker
{
    public IVrrpTrackerSink? Sink { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Reported synchronously from Start, as trackers that know the state at once (links, files) do.</summary>
    public List<VrrpTrackerReport> AtStart { get; } = [];

    public void Start(IVrrpTrackerSink sink)
    {
        Sink = sink;
        foreach (VrrpTrackerReport r in AtStart)
        {
            sink.Report(r);
        }
    }

    public void Report(VrrpTrackKind kind, string name, bool up, long value = 0) => Sink!.Report(new VrrpTrackerReport(kind, name, up, value));

    public void Dispose() => Disposed = true;
}
