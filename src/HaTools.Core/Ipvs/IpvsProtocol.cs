namespace HaTools.Core.Ipvs;

/// <summary>Transport protocol of a virtual service (IP protocol numbers, as IPVS_SVC_ATTR_PROTOCOL carries them).</summary>
public enum IpvsProtocol : ushort
{
    TCP = 6,
    UDP = 17,
    SCTP = 132,
}
