namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// A vrrp_track_process as keepalived 2.2 applies it: how many running processes match <see cref="Process"/>
/// (and <see cref="Parameters"/>) decides up/down, up while the count is within Quorum..QuorumMax.
/// Defaults are keepalived's (weight 0, quorum 1, no maximum, no delays), checked with keepalived -d.
/// </summary>
public sealed record TrackProcessDefinition(string Name, string Process)
{
    /// <summary>Arguments after the process name on keepalived's <c>process</c> line.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>param_match; keepalived makes it Exact as soon as parameters are given.</summary>
    public VrrpProcessParameterMatch ParameterMatch { get; init; }

    /// <summary>full_command: compare argv[0] of /proc/PID/cmdline, not the comm name (implied by parameters or param_match).</summary>
    public bool FullCommand { get; init; }

    public int Weight { get; init; }

    public bool WeightReverse { get; init; }

    public int Quorum { get; init; } = 1;

    public int QuorumMax { get; init; } = int.MaxValue;

    /// <summary>After a tracked process forks into quorum, wait this long before counting the gain.</summary>
    public TimeSpan ForkDelay { get; init; }

    /// <summary>After an exit loses quorum, wait this long before counting the loss (a restart within it is no flap).</summary>
    public TimeSpan TerminateDelay { get; init; }

    /// <summary>keepalived: parameters or param_match imply matching on the full command line.</summary>
    public bool UsesCommandLine => FullCommand || Parameters.Count > 0 || ParameterMatch != VrrpProcessParameterMatch.None;

    /// <summary>Parameters given without param_match mean an exact match (keepalived).</summary>
    public VrrpProcessParameterMatch EffectiveParameterMatch =>
        ParameterMatch == VrrpProcessParameterMatch.None && Parameters.Count > 0 ? VrrpProcessParameterMatch.Exact : ParameterMatch;

    /// <summary>keepalived: quorum_max 0 means "up only while none run", so the minimum drops to 0 with it.</summary>
    public int EffectiveQuorum => Math.Min(Quorum, QuorumMax);

    public bool HasQuorum(int count) => count >= EffectiveQuorum && count <= QuorumMax;

    /// <summary>Does this running process count for the definition? Exact name match, never a pattern (unlike pgrep).</summary>
    public bool Matches(ProcessSnapshot process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!UsesCommandLine)
        {
            return string.Equals(process.Comm, Process, StringComparison.Ordinal);
        }

        IReadOnlyList<string>? argv = process.CommandLine;
        if (argv is null || argv.Count == 0 || !string.Equals(argv[0], Process, StringComparison.Ordinal))
        {
            return false;
        }

        return ParametersMatch(argv);
    }

    public IReadOnlyList<string> GetProblems()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            p.Add("A vrrp_track_process needs a name.");
        }

        if (string.IsNullOrEmpty(Process))
        {
            p.Add($"vrrp_track_process '{Name}' needs a process.");
        }
        else if (!UsesCommandLine && System.Text.Encoding.UTF8.GetByteCount(Process) > 15)
        {
            // The kernel keeps 15 bytes of comm; keepalived would never match, so say so instead of staying down.
            p.Add($"vrrp_track_process '{Name}': process name '{Process}' is longer than the 15 bytes of a comm name; use full_command.");
        }

        if (Quorum < 0 || QuorumMax < 0)
        {
            p.Add($"vrrp_track_process '{Name}': quorum and quorum_max must not be negative.");
        }
        else if (QuorumMax != 0 && QuorumMax < Quorum)
        {
            p.Add($"vrrp_track_process '{Name}': quorum_max {QuorumMax} is below quorum {Quorum}.");
        }

        if (Weight is < -254 or > 254)
        {
            p.Add($"vrrp_track_process '{Name}': weight {Weight} must be -254..254.");
        }

        if (ForkDelay < TimeSpan.Zero || TerminateDelay < TimeSpan.Zero)
        {
            p.Add($"vrrp_track_process '{Name}': delays must not be negative.");
        }

        return p;
    }

    // keepalived compares the NUL-separated argument bytes: exact = same list; partial = our list is a prefix;
    // initial = a prefix whose last element may be a prefix of the process's argument.
    private bool ParametersMatch(IReadOnlyList<string> argv)
    {
        int have = argv.Count - 1;
        int want = Parameters.Count;
        switch (EffectiveParameterMatch)
        {
            case VrrpProcessParameterMatch.None:
                return true;
            case VrrpProcessParameterMatch.Exact:
                if (have != want)
                {
                    return false;
                }

                break;
            default:
                if (have < want)
                {
                    return false;
                }

                break;
        }

        for (int i = 0; i < want; i++)
        {
            bool last = i == want - 1;
            bool ok = EffectiveParameterMatch == VrrpProcessParameterMatch.Initial && last
                ? argv[i + 1].StartsWith(Parameters[i], StringComparison.Ordinal)
                : string.Equals(argv[i + 1], Parameters[i], StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
