using System.Net;

namespace HaTools.Core.Vrrp;

/// <summary>One state change of an instance, as Receive-Job yields it.</summary>
public sealed record VrrpTransition(
    DateTimeOffset Time,
    string Instance,
    VrrpState From,
    VrrpState To,
    string Reason,
    IPAddress? MasterAddress,
    int Priority)
{
    public override string ToString() => $"{Time:O} ({Instance}) {From} -> {To}: {Reason}";
}
