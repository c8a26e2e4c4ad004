using System.Net.Sockets;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Sockets;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// <see cref="IVrrpTransport"/> on raw IP sockets. With a namespace name, sockets are opened inside that
/// network namespace (the lab runs several nodes in one process that way); otherwise in the caller's.
/// The event loop uses the reactor form: its own thread polls the sockets, with no receive thread per channel.
/// </summary>
public sealed class LinuxVrrpTransport : IVrrpReactorTransport
{
    public LinuxVrrpTransport(string? networkNamespace = null) => NetworkNamespaceName = networkNamespace;

    /// <summary>The namespace sockets are opened in; null for the process's own.</summary>
    public string? NetworkNamespaceName { get; }

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink) => Open(options, sink, null);

    public IVrrpReactor CreateReactor() => new LinuxVrrpReactor();

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink, IVrrpReactor reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        return Open(options, sink, reactor as LinuxVrrpReactor
            ?? throw new HaToolsException("VrrpReactorMismatch", HaToolsErrorKind.InvalidArgument, "Linux VRRP channels need the reactor this transport created.", reactor));
    }

    private IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink, LinuxVrrpReactor? reactor)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        return NetworkNamespace.Run<IVrrpChannel>(NetworkNamespaceName, () =>
        {
            var iface = InterfaceQuery.Get(options.Interface);
            return options.Family switch
            {
                AddressFamily.InterNetwork => new LinuxVrrpChannel(VrrpSocketV4.Open(iface, null, options.JoinMulticastGroup), sink, reactor),
                AddressFamily.InterNetworkV6 => new LinuxVrrpChannel(VrrpSocketV6.Open(iface, null, options.JoinMulticastGroup), sink, reactor),
                _ => throw new HaToolsException("AddressFamilyNotSupported", HaToolsErrorKind.InvalidArgument, $"VRRP runs over IPv4 or IPv6, not {options.Family}.", options),
            };
        });
    }
}
