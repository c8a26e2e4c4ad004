namespace HaTools.Core.Vrrp;

/// <summary>
/// A notify script to run. <see cref="Script"/> is the configured command line (notify_master etc.);
/// <see cref="Arguments"/> are appended after its own arguments — for the generic notify script keepalived's four:
/// "INSTANCE"|"GROUP", name, state ("MASTER", "BACKUP", "FAULT", "STOP"), priority.
/// </summary>
public sealed record VrrpNotification(string Script, IReadOnlyList<string> Arguments, bool IsGroup, string Name, VrrpState State, int Priority)
{
    /// <summary>keepalived's word for a state in notify arguments and logs.</summary>
    public static string StateWord(VrrpState state) => state switch
    {
        VrrpState.Master => "MASTER",
        VrrpState.Backup => "BACKUP",
        VrrpState.Fault => "FAULT",
        VrrpState.Stop => "STOP",
        _ => "INIT",
    };
}
