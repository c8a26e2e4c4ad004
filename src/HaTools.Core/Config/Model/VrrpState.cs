namespace HaTools.Core.Config;

/// <summary>Initial state requested by <c>state</c> in a vrrp_instance.</summary>
public enum VrrpState
{
    Backup,
    Master,
}
