namespace HaTools.Core.Checks.Http;

/// <summary>One response header line as received (name and value trimmed, order kept).</summary>
public sealed record HttpHeaderField(string Name, string Value)
{
    public override string ToString() => $"{Name}: {Value}";
}
