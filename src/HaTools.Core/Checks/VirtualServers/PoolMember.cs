using System.Net;
using HaTools.Core.Checks.Net;

namespace HaTools.Core.Checks.VirtualServers;

/// <summary>A destination as the pool sees it: address, port and the weight to give it.</summary>
public sealed record PoolMember(IPAddress Address, int Port, int Weight)
{
    public override string ToString() => TcpConnector.Format(Address, Port);
}
