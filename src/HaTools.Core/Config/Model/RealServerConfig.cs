using System.Net;

namespace HaTools.Core.Config;

/// <summary>A real_server block inside a virtual_server, with its health checkers.</summary>
public sealed record RealServerConfig : ConfigObject
{
    public IPAddress Address { get; set; } = IPAddress.None;

    /// <summary>Port; null for fwmark services where the line has none.</summary>
    public int? Port { get; set; }

    public int? Weight { get; set; }

    public bool InhibitOnFailure { get; set; }

    public string? NotifyUp { get; set; }

    public string? NotifyDown { get; set; }

    public LvsMethod? Method { get; set; }

    public TimeSpan? DelayLoop { get; set; }

    public int? Retry { get; set; }

    public TimeSpan? DelayBeforeRetry { get; set; }

    public TimeSpan? Warmup { get; set; }

    public TimeSpan? ConnectTimeout { get; set; }

    public bool? SmtpAlert { get; set; }

    public ConfigList<CheckerConfig> Checkers { get; set; } = new();

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => $"real_server {Address}{(Port is int p ? " " + p : "")} weight {Weight?.ToString() ?? "1"} ({string.Join(", ", Checkers.Select(c => c.Kind))})";
}
