namespace HaTools.Core.Ipvs;

/// <summary>GUE/GRE checksum options (IP_VS_TUNNEL_ENCAP_FLAG_*). None = no checksum.</summary>
[Flags]
public enum IpvsTunnelFlags : ushort
{
    None = 0,
    Checksum = 1,
    RemoteChecksum = 2,
}
