namespace HaTools.Core.Vrrp;

/// <summary>
/// A tracker's current result: an interface's link state, a script's rise/fall-filtered result, a file's value.
/// <see cref="Value"/> is used for <see cref="VrrpTrackKind.File"/> (the number in the file); ignored otherwise.
/// </summary>
public readonly record struct VrrpTrackerReport(VrrpTrackKind Kind, string Name, bool Up, long Value = 0);
