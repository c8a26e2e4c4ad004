namespace HaTools.Core.Ipvs;

/// <summary>What IPVS_CMD_GET_INFO reports: the IPVS version and the connection hash table size.</summary>
public sealed record IpvsInfo(Version Version, uint ConnectionTableSize)
{
    /// <summary>Decodes IP_VS_VERSION_CODE style numbers (0x010201 = 1.2.1).</summary>
    public static Version DecodeVersion(uint code) => new((int)(code >> 16) & 0xff, (int)(code >> 8) & 0xff, (int)code & 0xff);
}
