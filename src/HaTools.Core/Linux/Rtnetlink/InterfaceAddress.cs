using System.Net;

namespace HaTools.Core.Linux.Rtnetlink;

/// <summary>
/// One address on an interface as rtnetlink knows it (ip addr): address/prefix, label, scope, broadcast, and
/// peer for point-to-point addresses.
/// </summary>
public sealed record InterfaceAddress(int InterfaceIndex, IPAddress Address, int PrefixLength, string? Label = null, string Scope = "global", IPAddress? Broadcast = null, IPAddress? Peer = null)
{
    public override string ToString() =>
        $"{Address}/{PrefixLength}{(Peer is null ? string.Empty : " peer " + Peer)}{(Broadcast is null ? string.Empty : " brd " + Broadcast)} scope {Scope}{(Label is null ? string.Empty : " label " + Label)} ifindex {InterfaceIndex}";
}
