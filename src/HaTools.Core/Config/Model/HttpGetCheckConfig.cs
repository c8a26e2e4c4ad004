namespace HaTools.Core.Config;

/// <summary>An HTTP_GET checker: fetch each url and compare status, digest or regex.</summary>
public record HttpGetCheckConfig : CheckerConfig
{
    public override string Kind => "HTTP_GET";

    public ConfigList<HttpUrlConfig> Urls { get; set; } = new();

    public string? VirtualHost { get; set; }

    /// <summary>http_protocol: 1.0, 1.0C, 1.0K or 1.1.</summary>
    public string? HttpProtocol { get; set; }

    protected override string Describe() => $"{Kind} {string.Join(", ", Urls.Select(u => u.Path))}";
}
