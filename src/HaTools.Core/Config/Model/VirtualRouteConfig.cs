using System.Net;

namespace HaTools.Core.Config;

/// <summary>
/// One virtual_routes / static_routes line. <see cref="Words"/> is the full ip-route style
/// specification (exported verbatim); the typed properties are read from it.
/// </summary>
public sealed record VirtualRouteConfig : ConfigObject
{
    /// <summary>Destination (e.g. "10.0.0.0/8", "default", "blackhole 10.1.0.0/16" gives "10.1.0.0/16").</summary>
    public string? Destination { get; set; }

    public IPAddress? Gateway { get; set; }

    public string? Device { get; set; }

    public IPAddress? Source { get; set; }

    public string? Table { get; set; }

    public int? Metric { get; set; }

    public ConfigList<string> Words { get; set; } = new();

    public override string ToString() => string.Join(' ', Words);
}
