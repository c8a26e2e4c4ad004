using System.Diagnostics;
using System.Net;
using HaTools.Core.Config;
using HaTools.Core.Linux.Vrrp;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Tests.Vrrp.Hosting;

/// <summary>
/// keepalived.conf text → parser → <see cref="VrrpConfigConverter"/> → <see cref="VrrpCoreConfigMapping"/> → runtime:
/// vrrp_track_process + track_process, check_unicast_src, old_unicast_checksum and track_bfd end to end.
/// </summary>
public sealed class VrrpCoreConfigMappingTests
{
    private const string Config = """
        global_defs {
            vrrp_check_unicast_src
        }
        vrrp_track_process chk_sleep {
            process sleep
            param_match initial
            parameters 4242
            quorum 1
            delay 0.5
            weight -20
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            version 3
            unicast_src_ip 192.0.2.1
            unicast_peer {
                192.0.2.2
            }
            old_unicast_checksum never
            virtual_ipaddress {
                192.0.2.10/24
            }
            track_process {
                chk_sleep weight -30
            }
            track_bfd {
                bfd_peer1
            }
        }
        """;

    [Fact]
    public void Track_process_and_core_options_are_read_from_a_keepalived_conf()
    {
        KeepalivedConfig k = KeepalivedConfigParser.ParseContent(Config);
        var (converted, _, _) = VrrpConfigConverter.FromKeepalivedConfig(k);

        var (instances, processes, warnings) = VrrpCoreConfigMapping.Apply(k, converted);

        VrrpInstanceSettings vi = Assert.Single(instances);
        Assert.Contains(new VrrpTrack(VrrpTrackKind.Process, "chk_sleep", -30), vi.Tracks);
        Assert.True(vi.CheckUnicastSource);
        Assert.Equal(VrrpOldUnicastChecksum.Never, vi.OldUnicastChecksum);
        TrackProcessDefinition d = Assert.Single(processes);
        Assert.Equal(("sleep", VrrpProcessParameterMatch.Initial, 1, -20), (d.Process, d.ParameterMatch, d.Quorum, d.Weight));
        Assert.Equal(["4242"], d.Parameters);
        Assert.Equal((TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5)), (d.ForkDelay, d.TerminateDelay));
        Assert.Contains(warnings, w => w.Contains("track_bfd bfd_peer1 ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_track_process_name_is_an_error_with_its_target()
    {
        KeepalivedConfig k = KeepalivedConfigParser.ParseContent(Config.Replace("chk_sleep weight -30", "nope", StringComparison.Ordinal));
        var (converted, _, _) = VrrpConfigConverter.FromKeepalivedConfig(k);

        var ex = Assert.Throws<HaToolsException>(() => VrrpCoreConfigMapping.Apply(k, converted));

        Assert.Equal("TrackProcessNotFound", ex.ErrorId);
        Assert.IsType<TrackedObjectConfig>(ex.Target);
    }

    [Fact]
    public void Defaults_without_the_options_are_keepalived_defaults()
    {
        string plain = Config.Replace("vrrp_check_unicast_src", "", StringComparison.Ordinal).Replace("old_unicast_checksum never", "", StringComparison.Ordinal);
        KeepalivedConfig k = KeepalivedConfigParser.ParseContent(plain);
        var (converted, _, _) = VrrpConfigConverter.FromKeepalivedConfig(k);

        VrrpInstanceSettings vi = Assert.Single(VrrpCoreConfigMapping.Apply(k, converted).Instances);

        Assert.False(vi.CheckUnicastSource);
        Assert.Equal(VrrpOldUnicastChecksum.Detect, vi.OldUnicastChecksum);
    }

    [Fact]
    public async Task Runtime_drops_track_bfd_with_a_warning_instead_of_holding_the_instance()
    {
        var logs = new List<string>();
        var s = Master() with { Tracks = [new VrrpTrack(VrrpTrackKind.Bfd, "bfd_peer1")] };
        await using var runtime = new VrrpRuntime(new VrrpRuntimeOptions
        {
            Instances = [s],
            Adapters = new VrrpRuntimeAdapters(new FakeTransport(null, VrrpIpAddress.Parse("192.0.2.1")), new FakeVipManager(), new FakeAnnouncer()),
        });
        runtime.LogWritten += e => { lock (logs) logs.Add(e.Message); };

        runtime.Start();

        Assert.Contains(runtime.Warnings, w => w.Contains("track_bfd bfd_peer1 ignored", StringComparison.Ordinal));
        lock (logs) Assert.Contains(logs, l => l.Contains("track_bfd bfd_peer1 ignored", StringComparison.Ordinal));
        Assert.True(await WaitAsync(() => runtime.GetStatus()[0].State == HaTools.Core.Vrrp.VrrpState.Master));
    }

    [Fact]
    public async Task Config_with_track_process_runs_end_to_end_on_a_real_sleep_process()
    {
        // Polling mode needs no privileges; the proc connector variant runs as root in HaTools.Network.Tests.
        string marker = "4242" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        KeepalivedConfig k = KeepalivedConfigParser.ParseContent(Config.Replace("parameters 4242", "parameters " + marker, StringComparison.Ordinal)
            .Replace("delay 0.5", "", StringComparison.Ordinal).Replace("chk_sleep weight -30", "chk_sleep weight 0", StringComparison.Ordinal));
        var (converted, _, _) = VrrpConfigConverter.FromKeepalivedConfig(k);
        var (instances, processes, _) = VrrpCoreConfigMapping.Apply(k, converted);
        var transitions = new List<VrrpTransition>();

        using var sleep = Process.Start("sleep", "1000" + marker[4..] + " 1") ?? throw new InvalidOperationException("no sleep");
        try
        {
            // argv "sleep 1000<pid> 1": param_match initial with "4242<pid>" does not match it ...
            await using var runtime = new VrrpRuntime(new VrrpRuntimeOptions
            {
                Instances = [.. instances.Select(i => i with { Interface = "eth0", AdvertisementInterval = TimeSpan.FromMilliseconds(100) })],
                TrackProcesses = processes,
                ProcessTrackerMode = ProcessTrackerMode.Poll,
                Adapters = new VrrpRuntimeAdapters(new FakeTransport(null, VrrpIpAddress.Parse("192.0.2.1")), new FakeVipManager(), new FakeAnnouncer()),
            });
            runtime.TransitionOccurred += t => { lock (transitions) transitions.Add(t); };
            runtime.Start();
            Assert.Equal(HaTools.Core.Vrrp.VrrpState.Fault, runtime.GetStatus()[0].State);

            // ... a matching one brings the instance up, and killing it puts it back in FAULT.
            using var match = Process.Start("sleep", marker + "00 1") ?? throw new InvalidOperationException("no sleep");
            Assert.True(await WaitAsync(() => runtime.GetStatus()[0].State == HaTools.Core.Vrrp.VrrpState.Master));
            match.Kill();
            await match.WaitForExitAsync();
            Assert.True(await WaitAsync(() => runtime.GetStatus()[0].State == HaTools.Core.Vrrp.VrrpState.Fault));
            Assert.Contains(runtime.GetStatus()[0].FaultReasons, r => r.Contains("process chk_sleep down", StringComparison.Ordinal));
        }
        finally
        {
            sleep.Kill();
        }
    }

    private static VrrpInstanceSettings Master() => new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = 51,
        Priority = 150,
        InitialState = HaTools.Core.Vrrp.VrrpState.Master,
        Version = 3,
        AdvertisementInterval = TimeSpan.FromMilliseconds(50),
        GarpMasterDelay = TimeSpan.Zero,
        VirtualIPAddresses = [VrrpVirtualAddress.Parse("192.0.2.10/24")],
    };

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return condition();
    }
}
