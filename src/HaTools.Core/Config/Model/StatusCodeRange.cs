namespace HaTools.Core.Config;

/// <summary>One accepted HTTP status code or range from an url's <c>status_code</c> (e.g. 200, 200-299).</summary>
public sealed record StatusCodeRange(int Min, int Max)
{
    public bool Contains(int code) => code >= Min && code <= Max;

    public override string ToString() => Min == Max ? Min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Min}-{Max}";
}
