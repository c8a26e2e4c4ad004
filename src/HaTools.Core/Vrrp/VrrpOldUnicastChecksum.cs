namespace HaTools.Core.Vrrp;

/// <summary>
/// keepalived's <c>old_unicast_checksum</c> for VRRPv3 unicast over IPv4: keepalived 1.3.6 and older computed the
/// pseudo-header with 224.0.0.18 as destination (<see cref="VrrpChecksumKind.OldUnicastPseudoHeader"/>).
/// </summary>
public enum VrrpOldUnicastChecksum
{
    /// <summary>keepalived's default: send the RFC checksum, switch to the old one for good when a peer's advert uses it.</summary>
    Detect = 0,
    /// <summary><c>old_unicast_checksum never</c>: always the RFC checksum; old-variant adverts are dropped.</summary>
    Never,
    /// <summary><c>old_unicast_checksum</c>: send and expect the old variant from the start.</summary>
    Always,
}
