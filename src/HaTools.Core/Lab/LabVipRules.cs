namespace HaTools.Core.Lab;

/// <summary>
/// How long a scenario may break "exactly one holder of the VIP": two holders at a handover
/// (<see cref="MaxDualHolders"/>), and after a partition heals (<see cref="AfterHeal"/> on top);
/// no holder while a healthy node exists (<see cref="MaxNoHolder"/>).
/// </summary>
public sealed record LabVipRules(TimeSpan MaxDualHolders, TimeSpan MaxNoHolder, TimeSpan AfterHeal)
{
    /// <summary>
    /// The bounds VRRP gives (RFC 5798 §6.1, §6.4.2): a new master's advert makes the old one step down, by the next
    /// advert if the first is missed (one interval); a backup waits at most Master_Down_Interval = 3 × interval +
    /// Skew_Time of the lowest-priority backup; split brain ends within one advert interval of healing.
    /// <paramref name="slack"/> covers scheduling and the monitor's own sampling on a loaded machine.
    /// </summary>
    public static LabVipRules ForVrrp(TimeSpan advertInterval, int lowestBackupPriority, TimeSpan slack)
    {
        var skew = advertInterval * ((256 - Math.Clamp(lowestBackupPriority, 1, 255)) / 256.0);
        // After a heal the usual two-holder bound (one interval + slack) is exactly "one advert interval of healing".
        return new LabVipRules(advertInterval + slack, advertInterval * 3 + skew + slack, TimeSpan.Zero);
    }
}
