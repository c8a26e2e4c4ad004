namespace HaTools.Core.Config;

/// <summary>VRRPv2 authentication (RFC 3768 §5.3.6); keepalived's auth_type PASS|AH.</summary>
public enum VrrpAuthType
{
    Pass,
    Ah,
}
