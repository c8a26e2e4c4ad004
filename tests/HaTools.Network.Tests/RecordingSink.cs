using System.Collections.Concurrent;
using HaTools.Core.Vrrp;

namespace HaTools.Network.Tests;

/// <summary>Collects what a channel delivers, for assertions.</summary>
public sealed class RecordingSink : IVrrpPacketSink
{
    public ConcurrentQueue<(byte[] Datagram, VrrpReceiveInfo Info)> Received { get; } = new();

    public void Deliver(ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info) => Received.Enqueue((datagram.ToArray(), info));

    public (byte[] Datagram, VrrpReceiveInfo Info) WaitFirst(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.TryPeek(out var first))
            {
                return first;
            }

            Thread.Sleep(5);
        }

        throw new TimeoutException("Nothing was delivered within " + timeout);
    }
}
