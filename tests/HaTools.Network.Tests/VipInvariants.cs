using System.Net;
using HaTools.Core.Lab;

namespace HaTools.Network.Tests;

/// <summary>
/// The lab-wide VIP invariants as a test step: watch the VIP for the whole scenario, then assert that it was never
/// on two nodes longer than the protocol allows and never on none while a healthy node existed (LabVipInvariants).
/// </summary>
internal sealed class VipInvariants : IDisposable
{
    private readonly LabVipMonitor _monitor;
    private readonly LabVipRules _rules;

    private VipInvariants(LabVipMonitor monitor, LabVipRules rules)
    {
        _monitor = monitor;
        _rules = rules;
    }

    /// <summary>
    /// Scheduling slack on a shared 2-core machine, on top of the protocol's bounds. A node starved for longer than
    /// this stops advertising, and no protocol keeps the invariants then: run these tests on a machine that is not
    /// also building (seen at load average 40: a master stalled for a second).
    /// </summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(150);

    public static VipInvariants Watch(FailoverLab lab, IPAddress vip, TimeSpan advertInterval, int lowestBackupPriority) =>
        new(LabVipMonitor.Start(lab, vip), LabVipRules.ForVrrp(advertInterval, lowestBackupPriority, Slack));

    /// <summary>Stops watching and asserts the invariants; returns the report for further checks.</summary>
    public LabVipReport AssertHeld(string? context = null)
    {
        var report = _monitor.Stop();
        Assert.True(report.Samples.Count >= 10, "the monitor hardly sampled: " + report.Describe());
        Assert.True(report.SampleErrors <= report.Samples.Count / 10, "too many failed samples: " + report.Describe());
        var violations = report.Check(_rules);
        Assert.True(violations.Count == 0, "VIP invariants broken:\n" + string.Join("\n", violations) + "\n" + report.Describe() + (context is null ? string.Empty : "\n" + context));
        return report;
    }

    public void Dispose() => _monitor.Dispose();
}
