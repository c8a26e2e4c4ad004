using System.Net;

namespace HaTools.Core.Lab;

/// <summary>How to build a lab: how many nodes, names and the addressing plan of its private bridge.</summary>
public sealed class LabOptions
{
    /// <summary>Namespace names start with this, then the process id, so stale labs can be found and removed.</summary>
    public string Prefix { get; set; } = "htlab";

    /// <summary>IPv4 network of the bridge; node i gets .(i+1), the client .100.</summary>
    public IPAddress Network4 { get; set; } = IPAddress.Parse("10.99.0.0");

    public int PrefixLength4 { get; set; } = 24;

    /// <summary>IPv6 network of the bridge; node i gets ::(i+1), the client ::100.</summary>
    public IPAddress Network6 { get; set; } = IPAddress.Parse("fd99::");

    public int PrefixLength6 { get; set; } = 64;

    /// <summary>Longest any single lab command may take before it is killed.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
