namespace HaTools.Core.Ipvs;

/// <summary>How IPVS forwards to a real server (IP_VS_CONN_F_* forwarding bits of uapi linux/ip_vs.h).</summary>
public enum IpvsForwardingMethod : uint
{
    /// <summary>LVS-NAT (ipvsadm -m).</summary>
    Masquerade = 0,
    /// <summary>The director itself (set by the kernel for local addresses).</summary>
    Local = 1,
    /// <summary>LVS-TUN, IP-in-IP or GUE/GRE (ipvsadm -i).</summary>
    Tunnel = 2,
    /// <summary>LVS-DR, gatewaying (ipvsadm -g, the ipvsadm default).</summary>
    DirectRouting = 3,
    Bypass = 4,
}
