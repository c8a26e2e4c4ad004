namespace HaTools.Core.Ipvs;

/// <summary>The schedulers Linux ships (net/netfilter/ipvs/ip_vs_*.c) and the -b flag names ipvsadm uses.</summary>
public static class IpvsSchedulers
{
    public static IReadOnlyList<string> Names { get; } = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"];

    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>"sh-fallback,sh-port", "mh-port", "flag-1,flag-3" ... to service flags.</summary>
    public static bool TryParseFlags(string text, out IpvsServiceFlags flags)
    {
        flags = IpvsServiceFlags.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (part)
            {
                case "sh-fallback" or "mh-fallback" or "flag-1": flags |= IpvsServiceFlags.SchedulerFlag1; break;
                case "sh-port" or "mh-port" or "flag-2": flags |= IpvsServiceFlags.SchedulerFlag2; break;
                case "flag-3": flags |= IpvsServiceFlags.SchedulerFlag3; break;
                default: return false;
            }
        }
        return true;
    }
}
