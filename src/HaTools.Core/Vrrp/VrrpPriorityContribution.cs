namespace HaTools.Core.Vrrp;

/// <summary>Why the effective priority differs from the base: one tracked object and what it did.</summary>
public sealed record VrrpPriorityContribution(VrrpTrack Track, bool Up, long Value, int Delta, bool CausesFault)
{
    public override string ToString() =>
        CausesFault ? $"{Track.Kind} {Track.Name} {(Up ? "up" : "down")}: FAULT" : $"{Track.Kind} {Track.Name} {(Up ? "up" : "down")}: {Delta:+#;-#;0}";
}
