namespace HaTools.Core.Ipvs;

/// <summary>Encapsulation of a Tunnel real server (IP_VS_CONN_F_TUNNEL_TYPE_*; GUE and GRE since Linux 5.2/5.3).</summary>
public enum IpvsTunnelType : byte
{
    Ipip = 0,
    Gue = 1,
    Gre = 2,
}
