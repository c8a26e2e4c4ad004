namespace HaTools.Core.Vrrp;

/// <summary>Where trackers report. Thread-safe; reports are posted into the loop.</summary>
public interface IVrrpTrackerSink
{
    void Report(VrrpTrackerReport report);
}
