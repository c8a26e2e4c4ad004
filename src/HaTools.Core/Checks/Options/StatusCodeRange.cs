namespace HaTools.Core.Checks.Options;

/// <summary>One status_code item: a code (200) or an inclusive range (200-299).</summary>
public readonly record struct StatusCodeRange(int From, int To)
{
    public static readonly IReadOnlyList<StatusCodeRange> Default = new[] { new StatusCodeRange(200, 299) };

    public bool Contains(int code) => code >= From && code <= To;

    public override string ToString() => From == To ? From.ToString() : $"{From}-{To}";

    public static bool TryParse(string text, out StatusCodeRange range)
    {
        range = default;
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out var from)) return false;
        var to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1], out to)) return false;
        if (from < 100 || to > 999 || to < from) return false;
        range = new StatusCodeRange(from, to);
        return true;
    }
}
