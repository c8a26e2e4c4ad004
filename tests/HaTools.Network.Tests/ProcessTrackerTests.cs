using System.Collections.Concurrent;
using System.Diagnostics;
using HaTools.Core.Lab;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Network.Tests;

/// <summary>
/// vrrp_track_process against real processes (root): the kernel's proc connector drives the tracker in the initial
/// network namespace, as keepalived's does; inside a lab namespace the kernel refuses the subscription
/// (ECONNREFUSED, as keepalived 2.2.7 logs too) and the tracker falls back to scanning /proc.
/// </summary>
public sealed class ProcessTrackerTests
{
    [Fact]
    public void Proc_connector_sees_a_sleep_start_and_die_without_polling()
    {
        string marker = Marker();
        var sink = new Sink();
        // Polling every 10 minutes: only process events can make this test pass in time.
        using var tracker = new ProcessTracker([Sleep(marker)], pollInterval: TimeSpan.FromMinutes(10));
        tracker.Start(sink);
        Assert.True(tracker.UsesProcessEvents);
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.Process, "chk", false, 0), Assert.Single(sink.Reports));

        using Process sleep = StartSleep(marker);
        try
        {
            Assert.True(sink.WaitFor(r => r.Up, TimeSpan.FromSeconds(5)), "no quorum after exec");
        }
        finally
        {
            sleep.Kill();
            sleep.WaitForExit();
        }

        Assert.True(sink.WaitFor(r => !r.Up && sink.Reports.Count >= 3, TimeSpan.FromSeconds(5)), "quorum not lost after kill");
        Assert.Equal([false, true, false], sink.Reports.Select(r => r.Up));
    }

    [Fact]
    public void Terminate_delay_keeps_quorum_over_a_quick_restart()
    {
        string marker = Marker();
        var sink = new Sink();
        using Process first = StartSleep(marker);
        using var tracker = new ProcessTracker([Sleep(marker) with { TerminateDelay = TimeSpan.FromSeconds(2) }], pollInterval: TimeSpan.FromMinutes(10));
        tracker.Start(sink);
        Assert.True(Assert.Single(sink.Reports).Up);

        first.Kill();
        first.WaitForExit();
        using Process second = StartSleep(marker);
        try
        {
            Thread.Sleep(2500);
            Assert.Single(sink.Reports); // never went down
            Assert.Equal(1, tracker.Counts["chk"]);
        }
        finally
        {
            second.Kill();
            second.WaitForExit();
        }

        Assert.True(sink.WaitFor(r => !r.Up, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Inside_a_lab_namespace_the_tracker_falls_back_to_scanning_proc()
    {
        using var lab = FailoverLab.Create(1);
        string marker = Marker();
        var sink = new Sink();
        var logs = new ConcurrentQueue<string>();
        using var tracker = NetworkNamespace.Run(lab.Nodes[0].Namespace, () =>
        {
            var t = new ProcessTracker([Sleep(marker)], log: (_, m) => logs.Enqueue(m), pollInterval: TimeSpan.FromMilliseconds(100));
            t.Start(sink);
            return t;
        });

        Assert.False(tracker.UsesProcessEvents);
        Assert.Contains(logs, l => l.StartsWith("Process events unavailable", StringComparison.Ordinal));
        using Process sleep = StartSleep(marker);
        try
        {
            Assert.True(sink.WaitFor(r => r.Up, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            sleep.Kill();
            sleep.WaitForExit();
        }

        Assert.True(sink.WaitFor(r => !r.Up && sink.Reports.Count >= 3, TimeSpan.FromSeconds(5)));
    }

    private static string Marker() => "7" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"sleep MARKER": matched on the full command line so no other sleep on the machine counts.</summary>
    private static TrackProcessDefinition Sleep(string marker) => new("chk", "sleep") { Parameters = [marker] };

    private static Process StartSleep(string marker) => Process.Start("sleep", marker) ?? throw new InvalidOperationException("sleep did not start");

    private sealed class Sink : IVrrpTrackerSink
    {
        private readonly object _gate = new();
        private readonly List<VrrpTrackerReport> _reports = [];

        public IReadOnlyList<VrrpTrackerReport> Reports
        {
            get
            {
                lock (_gate)
                {
                    return _reports.ToArray();
                }
            }
        }

        public void Report(VrrpTrackerReport report)
        {
            lock (_gate)
            {
                _reports.Add(report);
                Monitor.PulseAll(_gate);
            }
        }

        public bool WaitFor(Func<VrrpTrackerReport, bool> last, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (_reports.Count == 0 || !last(_reports[^1]))
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    Monitor.Wait(_gate, left);
                }

                return true;
            }
        }
    }
}
