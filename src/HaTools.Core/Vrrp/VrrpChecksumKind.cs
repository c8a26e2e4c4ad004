namespace HaTools.Core.Vrrp;

/// <summary>
/// Which checksum rule a received advert satisfied. VRRPv3 over IPv4 has two in the field:
/// RFC 5798 §5.2.8 (pseudo-header, keepalived's default) and the v2 rule
/// (keepalived's <c>v3_checksum_as_v2</c>, FRR's <c>checksum-with-ipv4-pseudoheader</c> off).
/// </summary>
public enum VrrpChecksumKind : byte
{
    /// <summary>Checksum over the VRRP message only (v2, or v3 IPv4 "as v2").</summary>
    MessageOnly = 0,
    /// <summary>Checksum over the pseudo-header and the VRRP message (v3, RFC 5798 §5.2.8).</summary>
    PseudoHeader = 1,
    /// <summary>
    /// keepalived 1.3.6 and older, v3 unicast over IPv4: the pseudo-header names 224.0.0.18 as destination
    /// although the advert goes to a peer (keepalived's <c>old_unicast_checksum</c>).
    /// </summary>
    OldUnicastPseudoHeader = 2,
}
