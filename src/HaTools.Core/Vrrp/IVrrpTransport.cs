namespace HaTools.Core.Vrrp;

/// <summary>Opens VRRP sockets. The edge implements it with raw IP sockets; tests with an in-memory fake.</summary>
public interface IVrrpTransport
{
    /// <summary>
    /// Opens a channel and starts delivering every VRRP datagram received on it to <paramref name="sink"/>
    /// until the channel is disposed. Throws <see cref="HaToolsException"/> (e.g. PermissionDenied) when it cannot.
    /// </summary>
    IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink);
}
