using System.Net;

namespace HaTools.Core.Ipvs;

/// <summary>
/// The order ipvsadm lists in (libipvs ipvs_cmp_services / ipvs_cmp_dests): services by firewall mark,
/// family, protocol, address, port; real servers by family, address, port. Listings then line up.
/// </summary>
public static class IpvsOrdering
{
    public static int CompareServices(IpvsService a, IpvsService b)
    {
        var r = a.FirewallMark.CompareTo(b.FirewallMark);
        if (r == 0) r = IpvsCodec.ToAf(a.AddressFamily).CompareTo(IpvsCodec.ToAf(b.AddressFamily));
        if (r == 0) r = ((ushort)(a.Protocol ?? 0)).CompareTo((ushort)(b.Protocol ?? 0));
        if (r == 0) r = CompareAddresses(a.Address, b.Address);
        if (r == 0) r = a.Port.CompareTo(b.Port);
        return r;
    }

    public static int CompareRealServers(IpvsRealServer a, IpvsRealServer b)
    {
        var r = IpvsCodec.ToAf(a.AddressFamily).CompareTo(IpvsCodec.ToAf(b.AddressFamily));
        if (r == 0) r = CompareAddresses(a.Address, b.Address);
        if (r == 0) r = a.Port.CompareTo(b.Port);
        return r;
    }

    private static int CompareAddresses(IPAddress? a, IPAddress? b)
    {
        if (a == null || b == null)
            return (a == null).CompareTo(b == null);
        return a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());
    }
}
