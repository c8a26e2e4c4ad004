using System.Net;

namespace HaTools.Core.Config;

/// <summary>One unicast_peer entry: the peer address and optional <c>min_ttl</c>/<c>max_ttl</c>.</summary>
public sealed record UnicastPeerConfig : ConfigObject
{
    public IPAddress Address { get; set; } = IPAddress.None;

    public int? MinTtl { get; set; }

    public int? MaxTtl { get; set; }

    public override string ToString() => Address.ToString();
}
