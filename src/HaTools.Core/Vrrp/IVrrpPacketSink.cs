namespace HaTools.Core.Vrrp;

/// <summary>
/// Where a channel hands received datagrams. Thread-safe: call it from the receive thread; the bytes are copied
/// before it returns, so the caller may reuse its buffer.
/// </summary>
public interface IVrrpPacketSink
{
    void Deliver(ReadOnlySpan<byte> datagram, in VrrpReceiveInfo info);
}
