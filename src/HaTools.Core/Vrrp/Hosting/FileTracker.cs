using System.Globalization;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// Reports the integer in each tracked file (keepalived's track_file) to the VRRP loop: once at start, then on
/// every change (inotify through FileSystemWatcher, with a slow re-read as a safety net). A missing file or
/// one without a number counts as 0, as keepalived treats it.
/// </summary>
public sealed class FileTracker : ITracker
{
    private readonly IReadOnlyList<TrackFileDefinition> _files;
    private readonly TimeSpan _poll;
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);
    private readonly List<FileSystemWatcher> _watchers = new();
    private readonly object _gate = new();
    private IVrrpTrackerSink? _sink;
    private Timer? _timer;

    public FileTracker(IReadOnlyList<TrackFileDefinition> files, TimeSpan? poll = null)
    {
        _files = files;
        _poll = poll ?? TimeSpan.FromSeconds(1);
    }

    public void Start(IVrrpTrackerSink sink)
    {
        _sink = sink;
        foreach (var f in _files)
        {
            Check(f, force: true);
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(f.Path));
            if (dir is null || !Directory.Exists(dir)) continue;
            var w = new FileSystemWatcher(dir, System.IO.Path.GetFileName(f.Path)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, _) => Check(f, force: false);
            w.Changed += changed;
            w.Created += changed;
            w.Deleted += changed;
            w.Renamed += (_, _) => Check(f, force: false);
            w.EnableRaisingEvents = true;
            _watchers.Add(w);
        }
        _timer = new Timer(_ => { foreach (var f in _files) Check(f, force: false); }, null, _poll, _poll);
    }

    /// <summary>The number a track file holds: its first token as an integer, else 0.</summary>
    public static long ReadValue(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            var first = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return long.TryParse(first, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private void Check(TrackFileDefinition f, bool force)
    {
        var value = ReadValue(f.Path);
        lock (_gate)
        {
            if (!force && _last.TryGetValue(f.Name, out var old) && old == value) return;
            _last[f.Name] = value;
        }
        _sink?.Report(new VrrpTrackerReport(VrrpTrackKind.File, f.Name, true, value));
    }

    public void Dispose()
    {
        _timer?.Dispose();
        foreach (var w in _watchers) w.Dispose();
        _sink = null;
    }
}
