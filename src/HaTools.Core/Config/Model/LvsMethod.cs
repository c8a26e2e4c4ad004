namespace HaTools.Core.Config;

/// <summary>IPVS forwarding method (lb_kind / lvs_method).</summary>
public enum LvsMethod
{
    Nat,
    Dr,
    Tun,
}
