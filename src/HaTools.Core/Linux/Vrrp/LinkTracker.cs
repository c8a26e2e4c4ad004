using HaTools.Core.Linux.Rtnetlink;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// <see cref="ITracker"/> for interfaces: reports each named interface's state once at start, then every change
/// pushed by rtnetlink (<see cref="LinkMonitor"/>). An interface that does not exist is reported down.
/// </summary>
public sealed class LinkTracker : ITracker
{
    private readonly HashSet<string> _names;
    private readonly Dictionary<string, bool> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _indexToName = new();
    private readonly LinkMonitor _monitor;
    private readonly object _gate = new();
    private IVrrpTrackerSink? _sink;

    public LinkTracker(IEnumerable<string> interfaceNames, string? networkNamespace = null)
    {
        _names = new HashSet<string>(interfaceNames, StringComparer.Ordinal);
        _monitor = new LinkMonitor(networkNamespace);
        _monitor.LinkChanged += OnLink;
    }

    /// <summary>All interfaces an instance list depends on: their own interfaces plus track_interface entries.</summary>
    public static LinkTracker For(IEnumerable<VrrpInstanceSettings> instances, string? networkNamespace = null) =>
        new(instances.SelectMany(i => i.Tracks.Where(t => t.Kind == VrrpTrackKind.Interface).Select(t => t.Name).Append(i.Interface)).Distinct(), networkNamespace);

    public void Start(IVrrpTrackerSink sink)
    {
        lock (_gate)
        {
            _sink = sink;
        }

        _monitor.Start();
        lock (_gate)
        {
            foreach (var name in _names.Where(n => !_last.ContainsKey(n)))
            {
                _last[name] = false;
                sink.Report(new VrrpTrackerReport(VrrpTrackKind.Interface, name, false));
            }
        }
    }

    public void Dispose() => _monitor.Dispose();

    private void OnLink(LinkState link)
    {
        lock (_gate)
        {
            string name = link.Name;
            if (string.IsNullOrEmpty(name))
            {
                _indexToName.TryGetValue(link.Index, out name!);
            }
            else
            {
                if (_indexToName.TryGetValue(link.Index, out var old) && old != name && _names.Contains(old))
                {
                    // Renamed away: the old name is gone.
                    Report(old, false);
                }

                _indexToName[link.Index] = name;
            }

            if (name is null || !_names.Contains(name))
            {
                return;
            }

            Report(name, link.IsUsable);
        }
    }

    private void Report(string name, bool up)
    {
        if (_last.TryGetValue(name, out var was) && was == up)
        {
            return;
        }

        _last[name] = up;
        _sink?.Report(new VrrpTrackerReport(VrrpTrackKind.Interface, name, up));
    }
}
