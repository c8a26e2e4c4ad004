namespace HaTools.Core.Config;

/// <summary>Transport protocol of a virtual server.</summary>
public enum IpvsProtocol
{
    Tcp,
    Udp,
    Sctp,
}
