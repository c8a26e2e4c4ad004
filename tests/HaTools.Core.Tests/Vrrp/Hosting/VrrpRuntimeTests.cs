using System.Net;
using HaTools.Core.Scripts;
using HaTools.Core.Tests.Scripts;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Tests.Vrrp.Hosting;

/// <summary>The hosting bridge on in-memory adapters (FakeTransport, FakeVipManager) and the real clock.</summary>
public class VrrpRuntimeTests
{
    private static VrrpInstanceSettings Master(string? notifyStop = null) => new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = 51,
        Priority = 150,
        InitialState = HaTools.Core.Vrrp.VrrpState.Master,
        Version = 3,
        AdvertisementInterval = TimeSpan.FromMilliseconds(50),
        GarpMasterDelay = TimeSpan.Zero,
        VirtualIPAddresses = new[] { VrrpVirtualAddress.Parse("192.0.2.10/24") },
        NotifyScripts = new VrrpNotifyScripts { NotifyStop = notifyStop },
    };

    [Fact]
    public async Task Stop_returns_after_priority_zero_advert_vip_removal_and_notify_stop()
    {
        var transport = new FakeTransport(null, VrrpIpAddress.FromIPAddress(IPAddress.Parse("192.0.2.1")));
        var vips = new FakeVipManager();
        var scripts = new FakeScriptRunner { Delay = TimeSpan.FromMilliseconds(300) };
        var transitions = new List<VrrpTransition>();
        await using var runtime = new VrrpRuntime(new VrrpRuntimeOptions
        {
            Instances = new[] { Master(notifyStop: "/etc/k/stopped.sh") },
            Adapters = new VrrpRuntimeAdapters(transport, vips, new FakeAnnouncer()),
            ScriptRunner = scripts,
        });
        runtime.TransitionOccurred += t => { lock (transitions) transitions.Add(t); };
        runtime.Start();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (runtime.GetStatus()[0].State != HaTools.Core.Vrrp.VrrpState.Master && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(HaTools.Core.Vrrp.VrrpState.Master, runtime.GetStatus()[0].State);
        Assert.Contains("192.0.2.10", vips.Present);

        Assert.True(await runtime.StopAsync(TimeSpan.FromSeconds(10)));
        Assert.True(runtime.Completion.IsCompletedSuccessfully);
        Assert.DoesNotContain("192.0.2.10", vips.Present);
        Assert.Equal(0, transport.Sent.Last().Parse().Priority); // RFC 5798 §6.4.3: priority 0 on shutdown
        Assert.Equal("/etc/k/stopped.sh", Assert.Single(scripts.Runs).Path); // the slow notify_stop finished before Stop returned
        lock (transitions) Assert.Equal(HaTools.Core.Vrrp.VrrpState.Stop, transitions.Last().To);
    }

    [Fact]
    public void Start_failures_surface_synchronously()
    {
        var runtime = new VrrpRuntime(new VrrpRuntimeOptions
        {
            Instances = new[] { Master() },
            Adapters = new VrrpRuntimeAdapters(new ThrowingTransport(), new FakeVipManager(), new FakeAnnouncer()),
        });
        var ex = Assert.Throws<HaToolsException>(runtime.Start);
        Assert.Equal("PermissionDenied", ex.ErrorId);
    }

    [Fact]
    public void Invalid_settings_are_refused_when_the_runtime_is_built()
    {
        var ex = Assert.Throws<HaToolsException>(() => new VrrpRuntime(new VrrpRuntimeOptions { Instances = new[] { Master() with { Priority = 0 } } }));
        Assert.Equal("VrrpInvalidSettings", ex.ErrorId);
    }

    private sealed class ThrowingTransport : IVrrpTransport
    {
        public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink) =>
            throw new HaToolsException("PermissionDenied", HaToolsErrorKind.PermissionDenied, "CAP_NET_RAW needed", options);
    }
}
