using System.Net;
using HaTools.Core.Scripts;

namespace HaTools.Core.Checks.VirtualServers;

/// <summary>A virtual_server's pool rules: real servers, quorum with hysteresis, sorry server, scripts, omega.</summary>
public sealed record VirtualServerDefinition
{
    /// <summary>How the service is named in logs: "10.0.0.1:80", "fwmark 5".</summary>
    public required string Name { get; init; }

    public IReadOnlyList<RealServerDefinition> RealServers { get; init; } = Array.Empty<RealServerDefinition>();

    /// <summary>Minimum total weight of live servers for the service to count as up (keepalived default 1).</summary>
    public int Quorum { get; init; } = 1;

    public int Hysteresis { get; init; }

    public ScriptCommand? QuorumUp { get; init; }

    public ScriptCommand? QuorumDown { get; init; }

    public IPAddress? SorryServer { get; init; }

    public int SorryServerPort { get; init; }

    /// <summary>On stop, run notify_down and quorum_down scripts for what was up.</summary>
    public bool Omega { get; init; }

    /// <summary>Timeout for notify and quorum scripts.</summary>
    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
