namespace HaTools.Core.Config;

/// <summary>A list that compares by content, so config records holding lists compare structurally.</summary>
public sealed class ConfigList<T> : List<T>, IEquatable<ConfigList<T>>
{
    public ConfigList() { }

    public ConfigList(IEnumerable<T> items) : base(items) { }

    public bool Equals(ConfigList<T>? other) => other is not null && this.SequenceEqual(other);

    public override bool Equals(object? obj) => obj is ConfigList<T> l && Equals(l);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in this) h.Add(item);
        return h.ToHashCode();
    }
}
