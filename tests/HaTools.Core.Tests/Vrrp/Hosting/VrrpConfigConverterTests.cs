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
        Assert.Equal(255, s.Priority);                       // no priority + state MASTER: keepalived makes it the owner (seen in its data dump)
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

/// <summary>
/// What keepalived 2.2 accepts with a warning and adjusts (vrrp_complete_instance), the converter adjusts the same way
/// and reports, instead of refusing a file keepalived runs. Each case was checked with `keepalived -t`.
/// </summary>
public class VrrpConfigConverterKeepalivedLeniencyTests
{
    private static (VrrpInstanceSettings Settings, List<string> Warnings) Convert(string instanceBody, string globals = "")
    {
        var text = $"global_defs {{\n{globals}\n}}\nvrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 51\n{instanceBody}\n}}\n";
        var config = KeepalivedConfigParser.ParseContent(text, new ConfigParseOptions { ConfigId = "n1" });
        var warnings = new List<string>();
        var (instances, _, _) = VrrpConfigConverter.FromKeepalivedConfig(config, out _, warnings);
        var s = Assert.Single(instances);
        s.Validate();
        return (s, warnings);
    }

    [Fact]
    public void Version_3_with_authentication_runs_without_auth_and_warns_with_file_and_line()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "assets", "vrrp", "cmdlets", "v3-with-auth.conf");
        var config = KeepalivedConfigParser.ParseFile(path, new ConfigParseOptions { ConfigId = "n1" });
        var warnings = new List<string>();
        var (instances, _, _) = VrrpConfigConverter.FromKeepalivedConfig(config, out _, warnings);
        var s = Assert.Single(instances);
        s.Validate(); // RFC 5798 §9: v3 has no authentication, so the settings must carry none
        Assert.Equal((3, HaTools.Core.Vrrp.VrrpAuthType.None, (string?)null), (s.Version, s.AuthType, s.AuthPass));
        var w = Assert.Single(warnings);
        var line = Array.IndexOf(File.ReadAllLines(path), "vrrp_instance VI_AUTH {") + 1;
        Assert.StartsWith($"{path}:{line}: (VI_AUTH) VRRP version 3 does not support authentication", w);
    }

    [Theory]
    [InlineData("advert_int 1.5", 2, 2000)]      // v2: rounded half up to whole seconds
    [InlineData("advert_int 1.4", 2, 1000)]
    [InlineData("advert_int 0.3", 2, 1000)]      // rounds to 0: keepalived uses 1 s
    [InlineData("advert_int 300", 2, 255000)]    // v2 field is 8 bits
    [InlineData("version 3\n advert_int 50", 3, 40950)]   // v3 field is 12 bits of centiseconds
    [InlineData("version 3\n advert_int 0.015", 3, 20)]   // v3 rounds to centiseconds, half up
    public void Advertisement_intervals_keepalived_adjusts_are_adjusted_the_same_way(string body, int version, int expectedMs)
    {
        var (s, warnings) = Convert(body + "\n virtual_ipaddress {\n 10.0.0.1/24\n }");
        Assert.Equal(version, s.Version);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), s.AdvertisementInterval);
        Assert.Contains(warnings, w => w.Contains("advert_int", StringComparison.Ordinal) && w.Contains("as keepalived does", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_priority_follows_state_MASTER_to_255_and_a_missing_state_follows_priority_255()
    {
        var (master, _) = Convert("state MASTER\n virtual_ipaddress {\n 10.0.0.1/24\n }");
        Assert.Equal((255, HaTools.Core.Vrrp.VrrpState.Master), (master.Priority, master.InitialState));
        var (owner, _) = Convert("priority 255\n virtual_ipaddress {\n 10.0.0.1/24\n }");
        Assert.Equal(HaTools.Core.Vrrp.VrrpState.Master, owner.InitialState);
        var (plain, warnings) = Convert("virtual_ipaddress {\n 10.0.0.1/24\n }");
        Assert.Equal((100, HaTools.Core.Vrrp.VrrpState.Backup), (plain.Priority, plain.InitialState));
        Assert.Empty(warnings);
    }

    [Fact]
    public void An_IPv6_instance_without_a_version_runs_VRRPv3_even_when_global_vrrp_version_is_2()
    {
        var (s, _) = Convert("virtual_ipaddress {\n fd00::10/64\n }", " vrrp_version 2");
        Assert.Equal(3, s.Version);
    }

    [Fact]
    public void Addresses_of_the_other_family_are_dropped_with_a_warning()
    {
        var (s, warnings) = Convert("version 3\n virtual_ipaddress {\n 10.0.0.1/24\n fd00::1/64\n }");
        Assert.Equal("10.0.0.1", Assert.Single(s.VirtualIPAddresses).Address.ToString());
        Assert.Contains(warnings, w => w.Contains("fd00::1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("state MASTER\n priority 150\n nopreempt", "nopreempt does not work with initial state MASTER")]
    [InlineData("state BACKUP\n priority 255\n nopreempt", "nopreempt does not apply to priority 255")]
    [InlineData("state BACKUP\n priority 100\n nopreempt\n preempt_delay 10", "preempt_delay has no effect with nopreempt")]
    [InlineData("state MASTER\n priority 150\n preempt_delay 10", "preempt_delay does not work with initial state MASTER")]
    [InlineData("state BACKUP\n priority 100\n preempt_delay 2000", "outside 0-1000 s")]
    public void Preemption_settings_keepalived_clears_are_cleared_with_a_warning(string body, string warning)
    {
        var (s, warnings) = Convert(body + "\n virtual_ipaddress {\n 10.0.0.1/24\n }");
        Assert.False(s.NoPreempt && s.InitialState == HaTools.Core.Vrrp.VrrpState.Master);
        Assert.False(s.NoPreempt && s.PreemptDelay > TimeSpan.Zero);
        Assert.True(s.PreemptDelay <= TimeSpan.FromSeconds(1000));
        Assert.Contains(warnings, w => w.Contains(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void V2_authentication_without_a_password_is_ignored_with_a_warning()
    {
        var (s, warnings) = Convert("authentication {\n auth_type PASS\n }\n virtual_ipaddress {\n 10.0.0.1/24\n }");
        Assert.Equal(HaTools.Core.Vrrp.VrrpAuthType.None, s.AuthType);
        Assert.Contains(warnings, w => w.Contains("no auth_pass", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "", false)]                                 // keepalived's default: any source is accepted
    [InlineData("check_unicast_src", "", true)]
    [InlineData("", " vrrp_check_unicast_src", true)]
    public void Check_unicast_source_is_taken_from_the_file_not_from_the_runtime_default(string instanceKeyword, string globalKeyword, bool expected)
    {
        var (s, _) = Convert($"{instanceKeyword}\n unicast_src_ip 10.0.0.2\n unicast_peer {{\n 10.0.0.3\n }}\n virtual_ipaddress {{\n 10.0.0.1/24\n }}", globalKeyword);
        Assert.Equal(expected, s.CheckUnicastSource);
    }

    [Fact]
    public void A_sync_group_naming_an_undefined_instance_keeps_the_others_and_warns()
    {
        var text = "vrrp_sync_group G1 {\n group {\n VI_1\n VI_GONE\n }\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n 10.0.0.1/24\n }\n}\n";
        var config = KeepalivedConfigParser.ParseContent(text, new ConfigParseOptions { ConfigId = "n1" });
        var warnings = new List<string>();
        var (_, groups, _) = VrrpConfigConverter.FromKeepalivedConfig(config, out _, warnings);
        Assert.Equal(new[] { "VI_1" }, Assert.Single(groups).Instances);
        Assert.Contains(warnings, w => w.Contains("VI_GONE is not defined", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("only 1 instance", StringComparison.Ordinal));
    }
}

public class VrrpConfigConverterUnsupportedKeywordTests
{
    [Fact]
    public void Keywords_the_runtime_does_not_act_on_are_named_in_one_warning_not_dropped_silently()
    {
        var text = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n use_vmac\n mcast_src_ip 10.0.0.2\n virtual_ipaddress {\n 10.0.0.1/24\n }\n}\n";
        var config = KeepalivedConfigParser.ParseContent(text, new ConfigParseOptions { ConfigId = "n1" });
        var warnings = new List<string>();
        VrrpConfigConverter.FromKeepalivedConfig(config, out _, warnings);
        var w = Assert.Single(warnings);
        Assert.Contains("use_vmac, mcast_src_ip are not supported", w);
    }

    [Fact]
    public void Tracking_in_a_sync_group_is_reported_as_unsupported()
    {
        var text = "vrrp_script chk {\n script /bin/true\n}\nvrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n track_script {\n chk\n }\n}\n" +
                   "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n 10.0.0.1/24\n }\n}\n" +
                   "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n virtual_ipaddress {\n 10.0.0.2/24\n }\n}\n";
        var config = KeepalivedConfigParser.ParseContent(text, new ConfigParseOptions { ConfigId = "n1" });
        var warnings = new List<string>();
        VrrpConfigConverter.FromKeepalivedConfig(config, out _, warnings);
        Assert.Contains(warnings, w => w.Contains("vrrp_sync_group G: track_interface/track_script", StringComparison.Ordinal));
    }
}
