namespace HaTools.Core.Config;

/// <summary>
/// Hands out one string instance per distinct short token (keywords, small numbers, repeated paths),
/// so a large config does not allocate "weight" a hundred thousand times. A direct-mapped cache:
/// a collision just replaces the slot.
/// </summary>
internal sealed class TokenPool
{
    private const int MaxLength = 32;
    private readonly string?[] _slots = new string?[8192];

    public string Get(ReadOnlySpan<char> s)
    {
        if (s.Length > MaxLength) return new string(s);
        uint h = 2166136261;
        foreach (char c in s) h = (h ^ c) * 16777619;
        ref var slot = ref _slots[h & (uint)(_slots.Length - 1)];
        if (slot != null && s.SequenceEqual(slot)) return slot;
        return slot = new string(s);
    }
}
