using System.Net;
using HaTools.Core.Config;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;
using CfgState = HaTools.Core.Config.VrrpState;

namespace HaTools.Core.Tests.Vrrp.Hosting;

public class VrrpConfigConverterTests
{
    private static VrrpInstanceConfig Instance() => new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = 51,
        State = CfgState.Master,
        AuthType = HaTools.Core.Config.VrrpAuthType.Pass,
        AuthPass = "secret",
        VirtualIPAddresses = new ConfigList<VirtualIPAddressConfig> { new() { Address = IPAddress.Parse("192.0.2.10"), Device = "eth1" } },
        TrackScripts = new ConfigList<TrackedObjectConfig> { new() { Name = "chk" } },
        Notify = "/etc/k/notify.sh",
    };

    [Fact]
    public void Unset_keywords_get_keepalived_defaults()
    {
        var s = VrrpConfigConverter.FromInstance(Instance(), new Dictionary<string, VrrpScriptConfig> { ["chk"] = new() { Name = "chk", Script = "/bin/true", Weight = -30 } });
        Assert.Equal(100, s.Priority);                       // priority default
        Assert.Equal(HaTools.Core.Vrrp.VrrpState.Master, s.InitialState);
        Assert.Equal(2, s.Version);
        Assert.Equal(TimeSpan.FromSeconds(1), s.AdvertisementInterval);
        Assert.Equal(32, s.VirtualIPAddresses[0].PrefixLength); // bare address: /32
        Assert.Equal("eth1", s.VirtualIPAddresses[0].Device);
        Assert.Equal(HaTools.Core.Vrrp.VrrpAuthType.Password, s.AuthType);
        Assert.Equal(TimeSpan.FromSeconds(5), s.GarpMasterDelay);
        Assert.Equal(new VrrpTrack(VrrpTrackKind.Script, "chk", -30), Assert.Single(s.Tracks)); // weight from vrrp_script
        Assert.Equal("/etc/k/notify.sh", s.NotifyScripts.Notify);
        s.Validate();
    }

    [Fact]
    public void Tracking_an_undefined_vrrp_script_is_object_not_found()
    {
        var ex = Assert.Throws<HaToolsException>(() => VrrpConfigConverter.FromInstance(Instance(), new Dictionary<string, VrrpScriptConfig>()));
        Assert.Equal("TrackScriptNotFound", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ObjectNotFound, ex.Kind);
    }

    [Fact]
    public void Missing_interface_or_vrid_is_reported_by_instance_name()
    {
        var c = Instance() with { Interface = null };
        var ex = Assert.Throws<HaToolsException>(() => VrrpConfigConverter.FromInstance(c));
        Assert.Equal("VrrpInstanceIncomplete", ex.ErrorId);
        Assert.Contains("VI_1", ex.Message);
    }

    [Fact]
    public void A_whole_config_yields_instances_groups_and_the_scripts_they_track()
    {
        var k = new KeepalivedConfig
        {
            VrrpScripts = new ConfigList<VrrpScriptConfig>
            {
                new() { Name = "chk", Script = "/usr/bin/check 'x y'", Interval = TimeSpan.FromSeconds(2), Fall = 3, Rise = 2, User = "nobody" },
                new() { Name = "unused", Script = "/bin/false" },
            },
            VrrpInstances = new ConfigList<VrrpInstanceConfig> { Instance() },
            VrrpSyncGroups = new ConfigList<VrrpSyncGroupConfig> { new() { Name = "G1", Group = new ConfigList<string> { "VI_1" }, NotifyMaster = "/bin/m" } },
        };
        var (instances, groups, scripts) = VrrpConfigConverter.FromKeepalivedConfig(k);
        Assert.Single(instances);
        Assert.Equal(new[] { "VI_1" }, Assert.Single(groups).Instances);
        Assert.Equal("/bin/m", groups[0].NotifyScripts.NotifyMaster);
        var chk = Assert.Single(scripts);
        Assert.Equal("chk", chk.Name);
        Assert.Equal(new[] { "x y" }, chk.Command.Arguments);
        Assert.Equal("nobody", chk.Command.User);
        Assert.Equal((3, 2, TimeSpan.FromSeconds(2)), (chk.Fall, chk.Rise, chk.Interval));
    }
}
