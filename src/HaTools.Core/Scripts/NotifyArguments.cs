namespace HaTools.Core.Scripts;

/// <summary>Whether a notify script speaks for one instance or a sync group (keepalived's $1).</summary>
public enum NotifyScope
{
    Instance,
    Group,
}

/// <summary>
/// keepalived's notify conventions: the generic <c>notify</c> script is called as
/// <c>script INSTANCE|GROUP name MASTER|BACKUP|FAULT|STOP priority</c>; the state-specific
/// scripts (notify_master, notify_backup, notify_fault, notify_stop) get only their own arguments.
/// </summary>
public static class NotifyArguments
{
    /// <summary>The generic notify command for a transition into <paramref name="state"/>.</summary>
    public static ScriptCommand ForGenericNotify(ScriptCommand notify, NotifyScope scope, string name, string state, int priority) =>
        notify.WithAppendedArguments(
            scope == NotifyScope.Group ? "GROUP" : "INSTANCE",
            name,
            state.ToUpperInvariant(),
            priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
