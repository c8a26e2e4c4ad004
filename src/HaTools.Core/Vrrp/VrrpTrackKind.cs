namespace HaTools.Core.Vrrp;

/// <summary>What a tracked object is (keepalived: track_interface, track_script, track_file, track_process, track_bfd).</summary>
public enum VrrpTrackKind
{
    Interface,
    Script,
    File,
    Process,
    Bfd,
}
