namespace HaTools.Core.Checks.VirtualServers;

/// <summary>One change with its reason, worded like keepalived's log ("Removing service 10.0.0.11:80 from VS ...").</summary>
public sealed record VirtualServerTransition(DateTimeOffset Time, string VirtualServer, VirtualServerTransitionKind Kind, string? RealServer, string Message, string? Reason)
{
    public override string ToString() => Reason is null ? Message : $"{Message}: {Reason}";
}
