namespace HaTools.Core.Config;

/// <summary>One <c>url { }</c> of an HTTP_GET/SSL_GET checker: what to fetch and what counts as healthy.</summary>
public sealed record HttpUrlConfig : ConfigObject
{
    public string Path { get; set; } = "/";

    /// <summary>Expected MD5 of the body as genhash prints it (lowercase hex).</summary>
    public string? Digest { get; set; }

    public ConfigList<StatusCodeRange> StatusCodes { get; set; } = new();

    public string? VirtualHost { get; set; }

    public string? Regex { get; set; }

    public bool RegexNoMatch { get; set; }

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => Digest != null ? $"{Path} digest {Digest}" : Path;
}
