namespace HaTools.Core.Vrrp;

/// <summary>
/// notify_master / notify_backup / notify_fault / notify_stop / notify command lines of an instance or sync group.
/// The generic <see cref="Notify"/> gets keepalived's four extra arguments: "INSTANCE"|"GROUP", name, state, priority.
/// </summary>
public sealed record VrrpNotifyScripts
{
    public string? NotifyMaster { get; init; }

    public string? NotifyBackup { get; init; }

    public string? NotifyFault { get; init; }

    public string? NotifyStop { get; init; }

    public string? Notify { get; init; }

    public static VrrpNotifyScripts None { get; } = new();
}
