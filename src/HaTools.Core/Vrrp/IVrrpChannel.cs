namespace HaTools.Core.Vrrp;

/// <summary>An open VRRP socket on one interface and family. Called only from the loop thread (except Dispose at shutdown).</summary>
public interface IVrrpChannel : IDisposable
{
    /// <summary>
    /// The interface's primary address (IPv4) or link-local address (IPv6): the advert source when no
    /// unicast_src_ip is set, and our side of the tie-break. <see cref="VrrpIpAddress.None"/> when it has none.
    /// </summary>
    VrrpIpAddress PrimaryAddress { get; }

    /// <summary>
    /// Sends one encoded VRRP message (no IP header) from <paramref name="source"/> to <paramref name="destination"/>
    /// (the multicast group or a unicast peer) with TTL / hop limit 255. Must not block; returns false when the
    /// kernel refused it (the loop counts it and carries on).
    /// </summary>
    bool Send(ReadOnlySpan<byte> vrrpMessage, VrrpIpAddress source, VrrpIpAddress destination);
}
