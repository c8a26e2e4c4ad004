namespace HaTools.Core.Vrrp;

/// <summary>VRRPv2 authentication types (RFC 3768 §5.3.6; RFC 2338 for AH). v3 has none.</summary>
public enum VrrpAuthType : byte
{
    None = 0,
    /// <summary>Simple text password ("auth_type PASS"), 8 bytes, zero padded.</summary>
    Password = 1,
    /// <summary>IP Authentication Header (obsolete; recognised on the wire, not supported).</summary>
    AuthenticationHeader = 2,
}
