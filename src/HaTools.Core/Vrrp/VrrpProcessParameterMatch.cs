namespace HaTools.Core.Vrrp;

/// <summary>How a vrrp_track_process compares a process's arguments (keepalived's param_match).</summary>
public enum VrrpProcessParameterMatch
{
    /// <summary>Arguments are not looked at: the process name (comm, or argv[0] with full_command) is enough.</summary>
    None = 0,
    /// <summary>The arguments equal the configured ones (none configured: the process has no arguments).</summary>
    Exact,
    /// <summary>The first configured arguments match exactly; the process may have more.</summary>
    Partial,
    /// <summary>Like <see cref="Partial"/>, and the last configured argument may be a prefix of the process's.</summary>
    Initial,
}
