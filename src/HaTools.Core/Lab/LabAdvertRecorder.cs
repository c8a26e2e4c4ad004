using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Sockets;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Lab;

/// <summary>
/// Listens from the client namespace to the IPv4 VRRP multicast group and keeps every valid advert: the wire's
/// word on each router's effective priority, whoever implements it (HaTools or keepalived).
/// </summary>
public sealed class LabAdvertRecorder : IDisposable
{
    private readonly FailoverLab _lab;
    private readonly VrrpSocketV4 _socket;
    private readonly List<LabAdvert> _adverts = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    private LabAdvertRecorder(FailoverLab lab)
    {
        _lab = lab;
        _socket = NetworkNamespace.Run(lab.Client.Namespace, () => VrrpSocketV4.Open(InterfaceQuery.Get(lab.Client.Interface), null, joinMulticast: true));
        _thread = new Thread(Run) { IsBackground = true, Name = "lab advert recorder" };
    }

    public static LabAdvertRecorder Start(FailoverLab lab)
    {
        var recorder = new LabAdvertRecorder(lab);
        recorder._thread.Start();
        return recorder;
    }

    /// <summary>Adverts heard so far, oldest first.</summary>
    public IReadOnlyList<LabAdvert> Adverts
    {
        get
        {
            lock (_adverts)
            {
                return _adverts.ToArray();
            }
        }
    }

    public void Dispose()
    {
        if (!_stopping)
        {
            _stopping = true;
            _thread.Join();
            _socket.Dispose();
        }
    }

    private void Run()
    {
        var buffer = new byte[1500];
        while (!_stopping)
        {
            try
            {
                if (!_socket.WaitReadable(50))
                {
                    continue;
                }

                while (_socket.TryReceiveDatagram(buffer, out int length))
                {
                    if (VrrpPacketReader.TryReadIPv4(buffer.AsSpan(0, length), out var packet, out _))
                    {
                        lock (_adverts)
                        {
                            _adverts.Add(new LabAdvert(_lab.Elapsed, packet.Source.ToIPAddress(), packet.VirtualRouterId, packet.Priority));
                        }
                    }
                }
            }
            catch (HaToolsException)
            {
                // The lab is being torn down around us.
                return;
            }
        }
    }
}
