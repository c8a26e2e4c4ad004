using System.Net;
using HaTools.Core.Checks.Net;
using HaTools.Core.Scripts;

namespace HaTools.Core.Checks.VirtualServers;

/// <summary>A real_server with its checkers, as the running virtual server needs it.</summary>
public sealed record RealServerDefinition
{
    public required IPAddress Address { get; init; }

    public int Port { get; init; }

    public int Weight { get; init; } = 1;

    /// <summary>On failure set weight 0 instead of removing the destination.</summary>
    public bool InhibitOnFailure { get; init; }

    public ScriptCommand? NotifyUp { get; init; }

    public ScriptCommand? NotifyDown { get; init; }

    public IReadOnlyList<(IHealthCheck Check, CheckerTiming Timing)> Checks { get; init; } = Array.Empty<(IHealthCheck, CheckerTiming)>();

    public string Name => TcpConnector.Format(Address, Port);
}
