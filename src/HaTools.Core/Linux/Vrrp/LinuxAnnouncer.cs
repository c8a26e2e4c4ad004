using System.Collections.Concurrent;
using System.Net.Sockets;
using HaTools.Core.Linux.Icmpv6;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Packet;
using HaTools.Core.Linux.Sockets;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// <see cref="IAnnouncer"/> on a worker thread: gratuitous ARP for IPv4 VIPs (packet socket) and unsolicited
/// neighbour advertisements for IPv6 VIPs (ICMPv6), <c>Count</c> rounds <c>Interval</c> apart. Announce only
/// queues, so the loop never waits for the wire.
/// </summary>
public sealed class LinuxAnnouncer : IAnnouncer, IDisposable
{
    private readonly BlockingCollection<VrrpAnnouncement> _queue = new();
    private readonly Dictionary<string, ArpSocket> _arp = new();
    private readonly Dictionary<string, NeighborAdvertisementSocket> _na = new();
    private readonly Thread _worker;
    private readonly string? _namespace;

    public LinuxAnnouncer(string? networkNamespace = null)
    {
        _namespace = networkNamespace;
        _worker = new Thread(Work) { IsBackground = true, Name = "VRRP announcer" };
        _worker.Start();
    }

    /// <summary>Frames sent so far (ARP + NA).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Frames that could not be sent.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The last send failure.</summary>
    public HaToolsException? LastError { get; private set; }

    private long _sent;
    private long _failed;

    public void Announce(VrrpAnnouncement announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        if (!_queue.IsAddingCompleted)
        {
            _queue.Add(announcement);
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _worker.Join(TimeSpan.FromSeconds(5));
        foreach (var s in _arp.Values)
        {
            s.Dispose();
        }

        foreach (var s in _na.Values)
        {
            s.Dispose();
        }
    }

    private void Work()
    {
        foreach (var announcement in _queue.GetConsumingEnumerable())
        {
            int rounds = Math.Max(1, announcement.Count);
            for (int round = 0; round < rounds; round++)
            {
                foreach (var address in announcement.Addresses)
                {
                    SendOne(address.Device ?? announcement.Interface, address);
                }

                if (round + 1 < rounds && announcement.Interval > TimeSpan.Zero)
                {
                    Thread.Sleep(announcement.Interval);
                }
            }
        }
    }

    private void SendOne(string device, VrrpVirtualAddress address)
    {
        try
        {
            if (address.Address.AddressFamily == AddressFamily.InterNetwork)
            {
                Get(_arp, device, i => ArpSocket.Open(i)).SendGratuitous(address.Address);
            }
            else
            {
                Get(_na, device, i => NeighborAdvertisementSocket.Open(i)).SendUnsolicited(address.Address);
            }

            Interlocked.Increment(ref _sent);
        }
        catch (HaToolsException ex)
        {
            // The interface may have been re-created: reopen next time.
            Interlocked.Increment(ref _failed);
            LastError = ex;
            Drop(_arp, device);
            Drop(_na, device);
        }
    }

    private T Get<T>(Dictionary<string, T> cache, string device, Func<InterfaceDetails, T> open)
        where T : RawSocket
    {
        if (!cache.TryGetValue(device, out var socket))
        {
            socket = NetworkNamespace.Run(_namespace, () => open(InterfaceQuery.Get(device)));
            cache[device] = socket;
        }

        return socket;
    }

    private static void Drop<T>(Dictionary<string, T> cache, string device)
        where T : RawSocket
    {
        if (cache.Remove(device, out var socket))
        {
            socket.Dispose();
        }
    }
}
