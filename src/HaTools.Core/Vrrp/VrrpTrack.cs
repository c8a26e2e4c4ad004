namespace HaTools.Core.Vrrp;

/// <summary>
/// One tracked object of an instance and how it moves the priority, as keepalived applies it:
/// weight &gt; 0 adds when up, weight &lt; 0 subtracts when down, weight 0 puts the instance in FAULT when down;
/// <see cref="Reverse"/> flips the sign (and weight 0 reverse faults when up). Files: value × weight.
/// </summary>
public sealed record VrrpTrack(VrrpTrackKind Kind, string Name, int Weight = 0, bool Reverse = false)
{
    public override string ToString() => $"{Kind} {Name} weight {Weight}{(Reverse ? " reverse" : string.Empty)}";
}
