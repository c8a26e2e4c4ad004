namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// A datagram netlink socket: the only thing <see cref="NetlinkConnection"/> needs from the kernel,
/// so tests replace it with a fake that answers requests (mdlayher/netlink's Socket interface).
/// </summary>
public interface INetlinkSocket : IDisposable
{
    /// <summary>The port id the kernel assigned at bind (nl_pid); replies are addressed to it.</summary>
    uint PortId { get; }

    /// <summary>Sends one datagram holding one or more messages. Throws <see cref="NetlinkException"/> on errno.</summary>
    void Send(ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Receives one datagram (a fresh array the caller owns). Throws <see cref="NetlinkException"/> on errno
    /// (ENOBUFS when the receive queue overflowed) and a timeout <see cref="HaToolsException"/> when nothing came.
    /// </summary>
    byte[] Receive(TimeSpan timeout);

    /// <summary>Subscribes to a multicast group (NETLINK_ADD_MEMBERSHIP), for notification listeners.</summary>
    void JoinGroup(uint group);
}
