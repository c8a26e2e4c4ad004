namespace HaTools.Core.Lab;

/// <summary>
/// The lab-wide VIP invariants over a sampled scenario (issue 3, "Faults"): never two holders longer than the
/// protocol allows (partitions excused until one advert interval after healing), never no holder while a
/// healthy node exists for longer than Master_Down_Interval. Crashed nodes (SIGKILLed routers) never count.
/// Pure: samples and timeline in, violations out.
/// </summary>
public static class LabVipInvariants
{
    public static IReadOnlyList<LabVipViolation> Check(IReadOnlyList<LabVipSample> samples, IReadOnlyList<LabEvent> events, LabVipRules rules)
    {
        var excused = PartitionWindows(events, rules.AfterHeal);
        var violations = new List<LabVipViolation>();
        Scan(samples, "address", s => s.AddressHolders, excused, rules, violations);
        if (samples.Any(s => s.ArpAnswerers is not null))
        {
            Scan(samples, "arp", s => s.ArpAnswerers, excused, rules, violations);
        }

        return violations.OrderBy(v => v.From).ToArray();
    }

    /// <summary>While a node is partitioned both sides are masters by design; that lasts until heal + <paramref name="afterHeal"/>.</summary>
    public static IReadOnlyList<(TimeSpan From, TimeSpan To)> PartitionWindows(IReadOnlyList<LabEvent> events, TimeSpan afterHeal)
    {
        var windows = new List<(TimeSpan, TimeSpan)>();
        var open = new Dictionary<string, TimeSpan>();
        foreach (var e in events.OrderBy(e => e.Elapsed))
        {
            string node = e.Node ?? string.Empty;
            if (e.Kind == "partition" && !open.ContainsKey(node))
            {
                open[node] = e.Elapsed;
            }
            else if (e.Kind == "heal" && open.Remove(node, out var from))
            {
                windows.Add((from, e.Elapsed + afterHeal));
            }
        }

        windows.AddRange(open.Values.Select(from => (from, TimeSpan.MaxValue)));
        return windows;
    }

    private static void Scan(
        IReadOnlyList<LabVipSample> samples,
        string view,
        Func<LabVipSample, IReadOnlyList<string>?> holdersOf,
        IReadOnlyList<(TimeSpan From, TimeSpan To)> excused,
        LabVipRules rules,
        List<LabVipViolation> violations)
    {
        // Durations are last bad sample minus first: a lower bound, so the monitor's own stalls cannot fake a violation.
        (TimeSpan From, TimeSpan To, HashSet<string> Holders)? dual = null, none = null;
        foreach (var s in samples)
        {
            var raw = holdersOf(s);
            if (raw is null)
            {
                continue;
            }

            var crashed = s.Crashed.ToHashSet();
            var holders = raw.Where(h => !crashed.Contains(h)).ToArray();
            bool isDual = holders.Length >= 2 && !excused.Any(w => s.Elapsed >= w.From && s.Elapsed <= w.To);
            bool isNone = holders.Length == 0 && s.Healthy.Any();

            dual = Extend(dual, isDual, s.Elapsed, holders, view, "two holders", rules.MaxDualHolders, violations);
            none = Extend(none, isNone, s.Elapsed, s.Healthy, view, "no holder", rules.MaxNoHolder, violations);
        }

        Close(dual, view, "two holders", rules.MaxDualHolders, violations);
        Close(none, view, "no holder", rules.MaxNoHolder, violations);
    }

    private static (TimeSpan, TimeSpan, HashSet<string>)? Extend(
        (TimeSpan From, TimeSpan To, HashSet<string> Holders)? run, bool bad, TimeSpan at, IEnumerable<string> who,
        string view, string kind, TimeSpan allowed, List<LabVipViolation> violations)
    {
        if (!bad)
        {
            Close(run, view, kind, allowed, violations);
            return null;
        }

        if (run is { } r)
        {
            r.Holders.UnionWith(who);
            return (r.From, at, r.Holders);
        }

        return (at, at, who.ToHashSet());
    }

    private static void Close((TimeSpan From, TimeSpan To, HashSet<string> Holders)? run, string view, string kind, TimeSpan allowed, List<LabVipViolation> violations)
    {
        if (run is { } r && r.To - r.From > allowed)
        {
            violations.Add(new LabVipViolation(view, kind, r.From, r.To, allowed, r.Holders.Order(StringComparer.Ordinal).ToArray()));
        }
    }
}
