namespace HaTools.Core.Vrrp;

/// <summary>
/// A transport whose channels can be read by the loop's own thread through an <see cref="IVrrpReactor"/>.
/// The event loop prefers it (outside inline tests); transports without it keep their receive threads.
/// </summary>
public interface IVrrpReactorTransport : IVrrpTransport
{
    /// <summary>A reactor for one loop; the loop disposes it after its channels.</summary>
    IVrrpReactor CreateReactor();

    /// <summary>
    /// Opens a channel with no receive thread of its own: <paramref name="reactor"/>'s WaitAndDispatch delivers its
    /// datagrams to <paramref name="sink"/> on the loop thread.
    /// </summary>
    IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink, IVrrpReactor reactor);
}
