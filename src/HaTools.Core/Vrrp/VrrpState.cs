namespace HaTools.Core.Vrrp;

/// <summary>VRRP router states (RFC 5798 §6.4) plus keepalived's FAULT and STOP.</summary>
public enum VrrpState
{
    Initialize = 0,
    Backup = 1,
    Master = 2,
    Fault = 3,
    Stop = 4,
}
