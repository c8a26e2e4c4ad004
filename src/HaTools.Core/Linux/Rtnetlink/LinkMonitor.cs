using HaTools.Core.Linux.Netlink;
using HaTools.Core.Linux.Netns;

namespace HaTools.Core.Linux.Rtnetlink;

/// <summary>
/// Follows link state through RTNLGRP_LINK notifications (the kernel pushes every change; nothing is polled).
/// Raises <see cref="LinkChanged"/> on its own thread for each RTM_NEWLINK/RTM_DELLINK, after one initial dump;
/// when the socket overflows (ENOBUFS) it dumps again so no change is lost.
/// </summary>
public sealed class LinkMonitor : IDisposable
{
    private readonly string? _namespace;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _ready = new();
    private NetlinkConnection? _events;
    private volatile bool _disposed;
    private Exception? _startFailure;

    public LinkMonitor(string? networkNamespace = null)
    {
        _namespace = networkNamespace;
        _thread = new Thread(Run) { IsBackground = true, Name = "rtnetlink link monitor" };
    }

    /// <summary>Every link state the kernel reported, initial dump included.</summary>
    public event Action<LinkState>? LinkChanged;

    /// <summary>Notifications received (not counting dumps).</summary>
    public long Notifications { get; private set; }

    /// <summary>Times the notification queue overflowed and a fresh dump was taken.</summary>
    public long Resyncs { get; private set; }

    /// <summary>Subscribes, dumps current links (raising <see cref="LinkChanged"/> for each) and starts listening.</summary>
    public void Start()
    {
        _thread.Start();
        _ready.Wait();
        if (_startFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_startFailure).Throw();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        _events?.Dispose();
        _ready.Dispose();
    }

    private void Run()
    {
        try
        {
            _events = NetworkNamespace.Run(_namespace, () => NetlinkConnection.Open(NetlinkProtocol.Route));
            _events.Timeout = TimeSpan.FromMilliseconds(250);
            _events.Socket.JoinGroup(Rtnl.RTNLGRP_LINK);
            Dump();
        }
        catch (Exception ex)
        {
            _startFailure = ex;
            _ready.Set();
            return;
        }

        _ready.Set();
        while (!_disposed)
        {
            IReadOnlyList<NetlinkMessage> messages;
            try
            {
                messages = _events.Receive();
            }
            catch (HaToolsException ex) when (ex.ErrorId == "NetlinkTimeout")
            {
                continue;
            }
            catch (NetlinkException ex) when (ex.Errno == Errno.ENOBUFS)
            {
                Resyncs++;
                TryDump();
                continue;
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (HaToolsException)
            {
                Thread.Sleep(250);
                continue;
            }

            foreach (var m in messages)
            {
                if (RtnetlinkClient.TryReadLink(m, out var link))
                {
                    Notifications++;
                    LinkChanged?.Invoke(link);
                }
            }
        }
    }

    private void TryDump()
    {
        try
        {
            Dump();
        }
        catch (HaToolsException)
        {
        }
    }

    private void Dump()
    {
        // A separate socket for the dump, so its replies never interleave with notifications.
        using var client = RtnetlinkClient.Open(_namespace);
        foreach (var link in client.ListLinks())
        {
            LinkChanged?.Invoke(link);
        }
    }
}
