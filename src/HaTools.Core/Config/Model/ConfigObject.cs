namespace HaTools.Core.Config;

/// <summary>
/// Base of every keepalived.conf object. SourceFile and Line say where it was read; they are
/// deliberately left out of equality so that Import → Export → Import compares equal.
/// </summary>
public abstract record ConfigObject
{
    /// <summary>File the object was read from (null when built in code).</summary>
    public string? SourceFile { get; set; }

    /// <summary>1-based line of the object's keyword in <see cref="SourceFile"/>.</summary>
    public int Line { get; set; }

    public virtual bool Equals(ConfigObject? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}
