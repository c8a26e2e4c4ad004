namespace HaTools.Core.Lab;

/// <summary>What a <see cref="LabVipMonitor"/> saw during a scenario, with the lab timeline it ran beside.</summary>
public sealed record LabVipReport(IReadOnlyList<LabVipSample> Samples, IReadOnlyList<LabEvent> Events, long SampleErrors)
{
    /// <summary>The invariant violations under <paramref name="rules"/>; empty when the scenario kept them.</summary>
    public IReadOnlyList<LabVipViolation> Check(LabVipRules rules) => LabVipInvariants.Check(Samples, Events, rules);

    /// <summary>Nodes that held the VIP (by address, crashed ones left out) at the last sample.</summary>
    public IReadOnlyList<string> FinalHolders =>
        Samples.Count == 0 ? [] : Samples[^1].AddressHolders.Except(Samples[^1].Crashed).ToArray();

    /// <summary>Samples where anything changed, merged with the lab timeline: the scenario in one readable list.</summary>
    public string Describe()
    {
        var lines = new List<(TimeSpan At, string Text)>();
        string? previous = null;
        foreach (var s in Samples)
        {
            string key = s.ToString()[11..];
            if (key != previous)
            {
                lines.Add((s.Elapsed, "  sample   " + s));
                previous = key;
            }
        }

        lines.AddRange(Events.Select(e => (e.Elapsed, "  event    " + e)));
        return $"{Samples.Count} samples, {SampleErrors} sample errors\n" + string.Join("\n", lines.OrderBy(l => l.At).Select(l => l.Text));
    }
}
