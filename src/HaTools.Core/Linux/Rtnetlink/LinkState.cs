namespace HaTools.Core.Linux.Rtnetlink;

/// <summary>
/// An interface's state from RTM_NEWLINK: administratively up (IFF_UP) and carrier (IFF_RUNNING / IFF_LOWER_UP).
/// VRRP counts it usable only when both hold, like keepalived.
/// </summary>
public sealed record LinkState(int Index, string Name, bool AdminUp, bool Running, byte OperState, bool Deleted = false)
{
    public bool IsUsable => !Deleted && AdminUp && Running;
}
