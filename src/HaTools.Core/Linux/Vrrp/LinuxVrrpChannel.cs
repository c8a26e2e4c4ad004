using System.Net.Sockets;
using HaTools.Core.Linux.Sockets;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// One raw VRRP socket, read either by a thread of its own or, when opened on a <see cref="LinuxVrrpReactor"/>,
/// by the loop's thread. Received datagrams go to the sink as they are (IPv4 with its header, IPv6 payload plus
/// ancillary facts); validation and counting are the loop's.
/// </summary>
public sealed class LinuxVrrpChannel : IVrrpChannel
{
    private const int PollMilliseconds = 200;
    private readonly VrrpSocketV4? _v4;
    private readonly VrrpSocketV6? _v6;
    private readonly IVrrpPacketSink _sink;
    private readonly Thread? _receiver;

    // One receive buffer per channel; Drain runs on one thread at a time (the receive thread or the loop's).
    private readonly byte[] _buffer = new byte[65536];
    private volatile bool _disposed;

    internal LinuxVrrpChannel(VrrpSocketV4 socket, IVrrpPacketSink sink, LinuxVrrpReactor? reactor = null)
        : this(sink, socket.Interface, reactor is null)
    {
        _v4 = socket;
        PrimaryAddress = socket.SourceAddress is null ? VrrpIpAddress.None : VrrpIpAddress.FromIPAddress(socket.SourceAddress);
        reactor?.Register(this, socket.Handle);
        _receiver?.Start();
    }

    internal LinuxVrrpChannel(VrrpSocketV6 socket, IVrrpPacketSink sink, LinuxVrrpReactor? reactor = null)
        : this(sink, socket.Interface, reactor is null)
    {
        _v6 = socket;
        PrimaryAddress = socket.SourceAddress is null ? VrrpIpAddress.None : VrrpIpAddress.FromIPAddress(socket.SourceAddress);
        reactor?.Register(this, socket.Handle);
        _receiver?.Start();
    }

    private LinuxVrrpChannel(IVrrpPacketSink sink, InterfaceDetails iface, bool ownThread)
    {
        _sink = sink;
        Interface = iface;
        if (ownThread)
        {
            _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "VRRP receive " + iface.Name };
        }
    }

    /// <summary>True when a reactor reads this channel on the loop thread (no receive thread).</summary>
    public bool IsReactorDriven => _receiver is null;

    public InterfaceDetails Interface { get; }

    public AddressFamily Family => _v4 is not null ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public VrrpIpAddress PrimaryAddress { get; }

    /// <summary>Sends that the kernel refused (returned false to the loop).</summary>
    public long SendErrors { get; private set; }

    /// <summary>Receive-side socket errors (the thread keeps reading after each).</summary>
    public long ReceiveErrors { get; private set; }

    /// <summary>The last send or receive failure, for diagnostics.</summary>
    public HaToolsException? LastError { get; private set; }

    public bool Send(ReadOnlySpan<byte> vrrpMessage, VrrpIpAddress source, VrrpIpAddress destination)
    {
        if (_disposed)
        {
            return false;
        }

        try
        {
            if (_v4 is not null)
            {
                Span<byte> src = stackalloc byte[4];
                Span<byte> dst = stackalloc byte[4];
                (source.IsNone ? PrimaryAddress : source).WriteTo(src);
                destination.WriteTo(dst);
                _v4.Send(vrrpMessage, src, dst);
            }
            else
            {
                Span<byte> src = stackalloc byte[16];
                Span<byte> dst = stackalloc byte[16];
                src.Clear();
                (source.IsNone ? PrimaryAddress : source).WriteTo(src);
                destination.WriteTo(dst);
                _v6!.Send(vrrpMessage, src, dst);
            }

            return true;
        }
        catch (HaToolsException ex)
        {
            SendErrors++;
            LastError = ex;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_receiver is not null && Thread.CurrentThread != _receiver)
        {
            _receiver.Join(TimeSpan.FromSeconds(2));
        }

        _v4?.Dispose();
        _v6?.Dispose();
    }

    /// <summary>
    /// Reads every datagram queued on the socket without blocking and hands each to the sink. The reactor calls it
    /// when poll says the socket is readable; errors are counted, not thrown, so one bad read cannot stop the loop.
    /// </summary>
    internal void Drain()
    {
        try
        {
            DrainQueued();
        }
        catch (HaToolsException ex)
        {
            ReceiveErrors++;
            LastError = ex;
        }
        catch (ObjectDisposedException)
        {
            // Closed during shutdown: nothing left to read.
        }
    }

    private void DrainQueued()
    {
        byte[] buffer = _buffer;
        if (_v4 is not null)
        {
            while (!_disposed && _v4.TryReceiveDatagram(buffer, out int length))
            {
                if (length < 20)
                {
                    continue;
                }

                var info = new VrrpReceiveInfo(
                    VrrpIpAddress.FromIPv4(buffer.AsSpan(12, 4)),
                    VrrpIpAddress.FromIPv4(buffer.AsSpan(16, 4)),
                    buffer[8],
                    Interface.Index,
                    IncludesIPv4Header: true);
                _sink.Deliver(buffer.AsSpan(0, length), info);
            }
        }
        else
        {
            Span<byte> source = stackalloc byte[16];
            Span<byte> destination = stackalloc byte[16];
            while (!_disposed && _v6!.TryReceive(buffer, source, destination, out int length, out int hopLimit, out int ifIndex, out bool hasDestination))
            {
                var info = new VrrpReceiveInfo(
                    VrrpIpAddress.FromIPv6(source),
                    hasDestination ? VrrpIpAddress.FromIPv6(destination) : VrrpIpAddress.None,
                    hopLimit,
                    ifIndex);
                _sink.Deliver(buffer.AsSpan(0, length), info);
            }
        }
    }

    private void ReceiveLoop()
    {
        while (!_disposed)
        {
            try
            {
                var socket = (RawSocket?)_v4 ?? _v6!;
                if (!socket.WaitReadable(PollMilliseconds))
                {
                    continue;
                }

                DrainQueued();
            }
            catch (HaToolsException ex)
            {
                ReceiveErrors++;
                LastError = ex;
                Thread.Sleep(PollMilliseconds);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}
