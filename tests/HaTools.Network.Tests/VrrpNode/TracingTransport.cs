using HaTools.Core.Vrrp;

namespace HaTools.VrrpNode;

/// <summary>
/// Wraps the real transport to timestamp the latency path for the takeover bench (HATOOLS_VRRP_TRACE=1):
/// "TRACE p0-sent" when a priority-0 advert leaves, "TRACE p0-received" when the loop thread gets one.
/// Only priority-0 adverts are traced, so the steady state pays one byte compare per packet.
/// </summary>
internal sealed class TracingTransport(IVrrpReactorTransport inner, Action<string> trace) : IVrrpReactorTransport
{
    // VRRP header: version/type, VRID, priority. IPv4 datagrams arrive with their IP header in front.
    private const int PriorityOffset = 2;

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink) => new Channel(inner.Open(options, new Sink(sink, trace)), trace);

    public IVrrpReactor CreateReactor() => inner.CreateReactor();

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink, IVrrpReactor reactor) =>
        new Channel(inner.Open(options, new Sink(sink, trace), reactor), trace);

    private sealed class Channel(IVrrpChannel inner, Action<string> trace) : IVrrpChannel
    {
        public VrrpIpAddress PrimaryAddress => inner.PrimaryAddress;

        public bool Send(ReadOnlySpan<byte> vrrpMessage, VrrpIpAddress source, VrrpIpAddress destination)
        {
            bool sent = inner.Send(vrrpMessage, source, destination);
            if (vrrpMessage.Length > PriorityOffset && vrrpMessage[PriorityOffset] == 0)
            {
                trace("p0-sent");
            }

            return sent;
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class Sink(IVrrpPacketSink inner, Action<string> trace) : IVrrpPacketSink
    {
        public void Deliver(ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info)
        {
            int offset = info.IncludesIPv4Header && datagram.Length > 0 ? (datagram[0] & 0x0F) * 4 : 0;
            if (datagram.Length > offset + PriorityOffset && datagram[offset + PriorityOffset] == 0)
            {
                trace("p0-received");
            }

            inner.Deliver(datagram, info);
        }
    }
}
