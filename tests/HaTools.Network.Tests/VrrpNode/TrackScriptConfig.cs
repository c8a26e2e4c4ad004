using HaTools.Core.Scripts;
using HaTools.Core.Vrrp;

namespace HaTools.VrrpNode;

/// <summary>A vrrp_script and how the instance tracks it (track_script { name weight W }), in keepalived's terms.</summary>
public sealed class TrackScriptConfig
{
    public string Name { get; set; } = "chk";
    public List<string> Command { get; set; } = new();
    public int IntervalMs { get; set; } = 1000;
    public int? TimeoutMs { get; set; }
    public int Rise { get; set; } = 1;
    public int Fall { get; set; } = 1;
    public int Weight { get; set; }

    public TrackScriptDefinition ToDefinition() => new(Name, new ScriptCommand(Command[0], Command.Skip(1)))
    {
        Interval = TimeSpan.FromMilliseconds(IntervalMs),
        Timeout = TimeoutMs is { } t ? TimeSpan.FromMilliseconds(t) : null,
        Rise = Rise,
        Fall = Fall,
    };

    public VrrpTrack ToTrack() => new(VrrpTrackKind.Script, Name, Weight);
}
