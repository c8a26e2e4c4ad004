namespace HaTools.Core.Vrrp;

/// <summary>
/// A source of tracker results: link state of interfaces (rtnetlink), track scripts (rise/fall applied), files.
/// Report the current state of everything once at start, then changes. The instance's own interface is reported
/// as <see cref="VrrpTrackKind.Interface"/> too (down = FAULT unless dont_track_primary).
/// </summary>
public interface ITracker : IDisposable
{
    void Start(IVrrpTrackerSink sink);
}
