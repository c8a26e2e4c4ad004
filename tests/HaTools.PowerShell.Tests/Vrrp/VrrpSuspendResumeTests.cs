using System.ComponentModel;
using System.Management.Automation;

namespace HaTools.PowerShell.Tests.Vrrp;

/// <summary>
/// Suspend-/Resume-VrrpInstance and the Job2 suspend/resume API on real instances in two namespaces (root).
/// Suspended = keepalived-style maintenance: a master steps down with a priority-0 advert (RFC 5798 §6.4.3), the
/// instance keeps listening as backup and never takes over until resumed. VRRPv3 at 0.1 s keeps it quick.
/// </summary>
[Collection(HostedJobsCollection.Name)]
public sealed class VrrpSuspendResumeTests : IDisposable
{
    private const string Suspend = "HaTools.Commands.SuspendVrrpInstanceCommand";
    private readonly VethPair _net = new();
    private readonly PowerShellSession _s = new();

    public void Dispose()
    {
        _s.Invoke("Get-Job | Remove-Job -Force");
        _s.Dispose();
        _net.Dispose();
    }

    private PSObject Start(string name, string ns, string dev, int priority, int vrid = 31, string vip = "100")
    {
        var r = _s.Invoke(
            $"Start-VrrpInstance -Name {name} -Interface {dev} -VirtualRouterId {vrid} -Priority {priority} -Version 3 -AdvertisementInterval 0.1 " +
            $"-VirtualIPAddress '{_net.Subnet}.{vip}/24' -NetworkNamespace {ns} -GarpMasterDelay 0");
        r.ThrowIfErrors();
        return Assert.Single(r.Output);
    }

    private string? Prop(string instance, string property)
    {
        var r = _s.Invoke("$i = Get-VrrpInstance -Name $args[0]; if ($i) { \"$($i.($args[1]))\" }", instance, property);
        return r.Output.Count == 1 ? r.Output[0].ToString() : null;
    }

    private void WaitFor(string instance, string property, string value, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Prop(instance, property) != value)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{instance}.{property} never became {value} (now {Prop(instance, property)})");
            Thread.Sleep(50);
        }
    }

    private static string JobState(PSObject job) => ((Job2)job.BaseObject).JobStateInfo.State.ToString();

    [Fact]
    public void A_suspended_master_hands_over_stays_backup_and_takes_over_again_when_resumed()
    {
        var a = Start("VI_A", _net.NamespaceA, _net.InterfaceA, 150);
        Start("VI_B", _net.NamespaceB, _net.InterfaceB, 100);
        WaitFor("VI_A", "State", "Master");
        WaitFor("VI_B", "State", "Backup");

        // From Get-VrrpInstance through the pipeline, as an operator would.
        var r = _s.Invoke("Get-VrrpInstance -Name VI_A | Suspend-VrrpInstance -PassThru");
        r.ThrowIfErrors();
        var passed = Assert.Single(r.Output);
        Assert.Equal(true, passed.Properties["Suspended"].Value);
        Assert.StartsWith("Suspend-VrrpInstance at ", passed.Properties["SuspendReason"].Value?.ToString());

        WaitFor("VI_B", "State", "Master");
        Assert.Equal("Backup", Prop("VI_A", "State"));
        Assert.DoesNotContain(_net.Vip + "/24", _net.Addresses(_net.NamespaceA));
        Assert.Contains(_net.Vip + "/24", _net.Addresses(_net.NamespaceB));

        // Higher priority, but suspended: it must not preempt, however many Master_Down_Intervals pass.
        Thread.Sleep(1000);
        Assert.Equal("Backup", Prop("VI_A", "State"));
        Assert.Equal("True", Prop("VI_A", "Suspended"));
        Assert.True(long.Parse(Prop("VI_A", "AdvertisementsReceived")!) > 0, "a suspended instance keeps listening");
        Assert.Equal("Suspended", JobState(a)); // its only instance is suspended

        _s.Invoke("Resume-VrrpInstance -Name VI_A").ThrowIfErrors();
        WaitFor("VI_A", "State", "Master"); // preempts the lower-priority master again
        WaitFor("VI_B", "State", "Backup");
        Assert.Equal("False", Prop("VI_A", "Suspended"));
        Assert.Equal("", Prop("VI_A", "SuspendReason"));
        Assert.Equal("Running", JobState(a));

        // Set-VrrpInstance -Maintenance is the same operation, with its own reason.
        _s.Invoke("Set-VrrpInstance -Name VI_A -Maintenance").ThrowIfErrors();
        Assert.StartsWith("Set-VrrpInstance -Maintenance at ", Prop("VI_A", "SuspendReason"));
        Assert.Equal("Suspended", JobState(a));
    }

    [Fact]
    public void Job2_SuspendJobAsync_and_ResumeJobAsync_move_every_instance_and_raise_their_events()
    {
        var r = _s.Invoke(
            $"@([pscustomobject]@{{ Name = 'VI_J1'; VirtualRouterId = 33; VirtualIPAddress = '{_net.Subnet}.133/24' }}, " +
            $"  [pscustomobject]@{{ Name = 'VI_J2'; VirtualRouterId = 34; VirtualIPAddress = '{_net.Subnet}.134/24' }}) | " +
            $"Start-VrrpInstance -Interface {_net.InterfaceA} -Version 3 -AdvertisementInterval 0.1 -State MASTER -GarpMasterDelay 0 -NetworkNamespace {_net.NamespaceA}");
        r.ThrowIfErrors();
        var job = (Job2)Assert.Single(r.Output).BaseObject;
        WaitFor("VI_J1", "State", "Master");
        WaitFor("VI_J2", "State", "Master");

        var states = new List<string>();
        job.StateChanged += (_, e) => { lock (states) states.Add(e.JobStateInfo.State.ToString()); };
        var suspended = new TaskCompletionSource<AsyncCompletedEventArgs>();
        job.SuspendJobCompleted += (_, e) => suspended.TrySetResult(e);
        job.SuspendJobAsync();
        Assert.True(suspended.Task.Wait(TimeSpan.FromSeconds(10)), "SuspendJobCompleted was never raised");
        Assert.Null(suspended.Task.Result.Error);
        Assert.Equal(System.Management.Automation.JobState.Suspended, job.JobStateInfo.State);
        lock (states) Assert.Equal(new[] { "Suspending", "Suspended" }, states);
        Assert.Equal("Backup", Prop("VI_J1", "State"));
        Assert.Equal("Backup", Prop("VI_J2", "State"));
        Assert.StartsWith("Suspend-Job at ", Prop("VI_J2", "SuspendReason"));
        Assert.DoesNotContain(_net.Subnet + ".133/24", _net.Addresses(_net.NamespaceA));
        Thread.Sleep(600); // nobody else is master, still a suspended instance never takes over
        Assert.Equal("Backup", Prop("VI_J1", "State"));

        var resumed = new TaskCompletionSource<AsyncCompletedEventArgs>();
        job.ResumeJobCompleted += (_, e) => resumed.TrySetResult(e);
        job.ResumeJobAsync();
        Assert.True(resumed.Task.Wait(TimeSpan.FromSeconds(10)), "ResumeJobCompleted was never raised");
        Assert.Null(resumed.Task.Result.Error);
        Assert.Equal(System.Management.Automation.JobState.Running, job.JobStateInfo.State);
        WaitFor("VI_J1", "State", "Master");
        WaitFor("VI_J2", "State", "Master");
        Assert.Contains(_net.Subnet + ".134/24", _net.Addresses(_net.NamespaceA));

        // A suspended job still stops cleanly through Stop-Job (bounded: Stop-Job waits for StopJobCompleted).
        job.SuspendJob();
        var stop = Task.Run(() => _s.Invoke("Stop-Job -Job $args[0]", job));
        Assert.True(stop.Wait(TimeSpan.FromSeconds(30)), "Stop-Job did not return");
        stop.Result.ThrowIfErrors();
        Assert.Equal(System.Management.Automation.JobState.Stopped, job.JobStateInfo.State);
        Assert.Throws<HaToolsLikeException>(() => Rethrow(() => job.ResumeJob()));
    }

    [Fact]
    public void Unknown_stopped_and_WhatIf_targets_change_nothing_and_say_why()
    {
        Start("VI_S", _net.NamespaceA, _net.InterfaceA, 150);
        WaitFor("VI_S", "State", "Master");

        var missing = _s.Invoke("Suspend-VrrpInstance -Name NOPE");
        var e = Assert.Single(missing.Errors);
        Assert.Equal("VrrpInstanceNotFound," + Suspend, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);

        _s.Invoke("Suspend-VrrpInstance -Name VI_S -WhatIf").ThrowIfErrors();
        Assert.Equal("Master", Prop("VI_S", "State"));
        Assert.Equal("False", Prop("VI_S", "Suspended"));

        _s.Invoke("Stop-VrrpInstance -Name VI_S").ThrowIfErrors();
        var stopped = _s.Invoke("Get-VrrpInstance VI_S | Suspend-VrrpInstance");
        e = Assert.Single(stopped.Errors);
        Assert.Equal("VrrpInstanceNotRunning," + Suspend, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Equal("VI_S", e.TargetObject);
    }

    /// <summary>Core exceptions are not visible to this assembly (it only uses the module): match by the ErrorId it carries.</summary>
    private sealed class HaToolsLikeException(string message) : Exception(message);

    private static void Rethrow(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex.GetType().Name == "HaToolsException" && ex.GetType().GetProperty("ErrorId")?.GetValue(ex) as string == "VrrpJobNotRunning")
        {
            throw new HaToolsLikeException(ex.Message);
        }
    }
}
