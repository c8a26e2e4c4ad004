using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Packet;
using HaTools.Core.Linux.Rtnetlink;
using HaTools.Core.Linux.Sockets;

namespace HaTools.Core.Lab;

/// <summary>
/// Watches one VIP for a whole scenario: every <c>period</c> it lists each node's addresses over rtnetlink in the
/// node's namespace, and (IPv4) asks from the client by ARP who has the VIP, collecting every answer. Stop gives a
/// <see cref="LabVipReport"/> to check with <see cref="LabVipInvariants"/>.
/// </summary>
public sealed class LabVipMonitor : IDisposable
{
    private readonly FailoverLab _lab;
    private readonly IPAddress _vip;
    private readonly TimeSpan _period;
    private readonly TimeSpan _arpWindow;
    private readonly RtnetlinkClient[] _netlink;
    private readonly ArpSocket? _arp;
    private readonly List<LabVipSample> _samples = new();
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _errors;
    private LabVipReport? _report;

    private LabVipMonitor(FailoverLab lab, IPAddress vip, TimeSpan period, TimeSpan arpWindow)
    {
        _lab = lab;
        _vip = vip;
        _period = period;
        _arpWindow = arpWindow;
        _netlink = new RtnetlinkClient[lab.Nodes.Count];
        try
        {
            for (int i = 0; i < _netlink.Length; i++)
            {
                _netlink[i] = RtnetlinkClient.Open(lab.Nodes[i].Namespace);
            }

            if (vip.AddressFamily == AddressFamily.InterNetwork)
            {
                _arp = NetworkNamespace.Run(lab.Client.Namespace, () => ArpSocket.Open(InterfaceQuery.Get(lab.Client.Interface)));
            }
        }
        catch
        {
            Release();
            throw;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "lab VIP monitor " + vip };
    }

    /// <summary>Samples taken so far.</summary>
    public int SampleCount
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>
    /// Starts watching <paramref name="vip"/> in <paramref name="lab"/>. The ARP window is how long each probe waits
    /// for answers; answers slower than that are missed, which can only shorten a two-holder stretch, never fake one.
    /// </summary>
    public static LabVipMonitor Start(FailoverLab lab, IPAddress vip, TimeSpan? period = null, TimeSpan? arpWindow = null)
    {
        var monitor = new LabVipMonitor(lab, vip, period ?? TimeSpan.FromMilliseconds(20), arpWindow ?? TimeSpan.FromMilliseconds(10));
        monitor._thread.Start();
        lab.Record("monitor", null, $"watching {vip} every {monitor._period.TotalMilliseconds:F0} ms");
        return monitor;
    }

    /// <summary>Stops sampling and returns everything seen, with the lab's timeline.</summary>
    public LabVipReport Stop()
    {
        if (_report is not null)
        {
            return _report;
        }

        _stopping = true;
        _thread.Join();
        Release();
        LabVipSample[] samples;
        lock (_samples)
        {
            samples = _samples.ToArray();
        }

        _report = new LabVipReport(samples, _lab.Timeline, Interlocked.Read(ref _errors));
        return _report;
    }

    public void Dispose() => Stop();

    private void Run()
    {
        var watch = Stopwatch.StartNew();
        while (!_stopping)
        {
            var started = watch.Elapsed;
            try
            {
                var sample = Take();
                lock (_samples)
                {
                    _samples.Add(sample);
                }
            }
            catch (Exception ex) when (ex is HaToolsException or IOException or InvalidOperationException)
            {
                // A namespace torn down under us or a netlink hiccup: count it, the next sample tries again.
                Interlocked.Increment(ref _errors);
            }

            var rest = _period - (watch.Elapsed - started);
            if (rest > TimeSpan.Zero)
            {
                Thread.Sleep(rest);
            }
        }
    }

    private LabVipSample Take()
    {
        var at = _lab.Elapsed;
        var nodes = _lab.Nodes;
        var conditions = nodes.ToDictionary(n => n.Name, _lab.Condition);
        var holders = new List<string>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (_netlink[i].ListAddresses(_vip.AddressFamily).Any(a => a.Address.Equals(_vip)))
            {
                holders.Add(nodes[i].Name);
            }
        }

        return new LabVipSample(at, holders, _arp is null ? null : WhoAnswers(nodes), conditions);
    }

    private List<string> WhoAnswers(IReadOnlyList<LabNode> nodes)
    {
        var answered = new List<string>();
        _arp!.Drain();
        _arp.SendRequest(_lab.Client.IPv4, _vip);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < _arpWindow)
        {
            var mac = _arp.WaitReply(_vip, _arpWindow - watch.Elapsed);
            if (mac is null)
            {
                break;
            }

            string text = string.Join(":", mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            var node = nodes.FirstOrDefault(n => n.HardwareAddress == text);
            string name = node?.Name ?? text;
            if (!answered.Contains(name))
            {
                answered.Add(name);
            }
        }

        return answered;
    }

    private void Release()
    {
        foreach (var c in _netlink)
        {
            c?.Dispose();
        }

        _arp?.Dispose();
    }
}
