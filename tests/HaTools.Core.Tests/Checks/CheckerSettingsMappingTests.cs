using System.Net;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Options;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Checks;

/// <summary>The checker keywords keepalived.conf(5) lists that the config reader keeps verbatim reach the checkers.</summary>
public sealed class CheckerSettingsMappingTests
{
    private static CheckerConfig Checker(string block) =>
        KeepalivedConfigParser.ParseContent($$"""
            virtual_server 10.0.0.1 80 {
                real_server 10.0.0.2 80 {
                    {{block}}
                }
            }
            """).VirtualServers[0].RealServers[0].Checkers[0];

    [Fact]
    public void Http_fast_recovery_regex_options_and_offsets_map_to_options()
    {
        var o = (HttpGetCheckOptions)CheckOptionsMapper.FromConfig(Checker("""
            HTTP_GET {
                fast_recovery
                bind_if eth1
                fwmark 77
                url {
                    path /health
                    regex "status: ok"
                    regex_options caseless multiline
                    regex_min_offset 10
                    regex_max_offset 200
                }
            }
            """));
        Assert.True(o.FastRecovery);
        Assert.Equal(("eth1", 77u), (o.BindInterface, o.FirewallMark));
        Assert.Equal(new CheckSocketOptions { BindInterface = "eth1", FirewallMark = 77 }, o.SocketOptions);
        var u = o.Urls[0];
        Assert.Equal(new[] { "caseless", "multiline" }, u.RegexOptions);
        Assert.Equal((10, 200), (u.RegexMinOffset, u.RegexMaxOffset));
    }

    [Theory]
    [InlineData("fast_recovery", true)]
    [InlineData("fast_recovery yes", true)]
    [InlineData("fast_recovery off", false)]
    [InlineData("", false)]
    public void Fast_recovery_reads_keepalived_booleans(string line, bool expected)
    {
        var o = (HttpGetCheckOptions)CheckOptionsMapper.FromConfig(Checker($$"""
            HTTP_GET {
                {{line}}
                url {
                    path /
                }
            }
            """));
        Assert.Equal(expected, o.FastRecovery);
    }

    [Fact]
    public void Udp_reply_lengths_map_with_keepalived_defaults()
    {
        var set = (UdpCheckOptions)CheckOptionsMapper.FromConfig(Checker("""
            UDP_CHECK {
                require_reply 01 02
                min_reply_length 4
                max_reply_length 9
            }
            """));
        Assert.Equal((4, 9), (set.MinReplyLength, set.MaxReplyLength));
        var unset = (UdpCheckOptions)CheckOptionsMapper.FromConfig(Checker("UDP_CHECK {\n}"));
        Assert.Equal((0, 255), (unset.MinReplyLength, unset.MaxReplyLength));
    }

    [Fact]
    public void The_factory_hands_socket_options_to_the_checker_endpoint()
    {
        var check = (TcpHealthCheck)new HealthCheckFactory().Create(new TcpCheckOptions { BindInterface = "lo", FirewallMark = 5 }, IPAddress.Loopback, 80, new CheckerTiming());
        Assert.Equal("TCP_CHECK 127.0.0.1:80", check.Target);
        Assert.Equal("bind_if lo fwmark 5", new CheckSocketOptions { BindInterface = "lo", FirewallMark = 5 }.ToString());
    }

    [Fact]
    public void A_bad_regex_in_a_config_is_an_error_when_the_checker_is_built()
    {
        var options = CheckOptionsMapper.FromConfig(Checker("""
            HTTP_GET {
                url {
                    path /
                    regex "a++"
                }
            }
            """));
        var ex = Assert.Throws<HaToolsException>(() => new HealthCheckFactory().Create(options, IPAddress.Loopback, 80, new CheckerTiming()));
        Assert.Equal("RegexUnsupported", ex.ErrorId);
    }
}

/// <summary>UDP_CHECK reply rules as keepalived 2.2's check_udp.c applies them (not quite as its man page says).</summary>
public sealed class UdpReplyRulesTests
{
    private static CheckEndpoint Loopback(int port) => new(IPAddress.Loopback, port, null, 0, TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Bare_require_reply_accepts_a_reply_of_any_length()
    {
        using var echo = new UdpEcho();
        var r = await new UdpHealthCheck(Loopback(echo.Port), "01 02 03", requireReply: true, minReplyLength: 5, maxReplyLength: 2).RunAsync(default);
        Assert.True(r.Success, r.Reason);
    }

    [Fact]
    public async Task With_a_reply_pattern_the_length_must_lie_within_min_and_max()
    {
        using var echo = new UdpEcho();
        var inRange = await new UdpHealthCheck(Loopback(echo.Port), "01 02 03", replyPatternHex: "01", minReplyLength: 3, maxReplyLength: 3).RunAsync(default);
        Assert.True(inRange.Success, inRange.Reason);
        var tooLong = await new UdpHealthCheck(Loopback(echo.Port), "01 02 03 04", replyPatternHex: "01", maxReplyLength: 3).RunAsync(default);
        Assert.Equal("UDP reply of more than 3 bytes, expected 0-3", tooLong.Reason);
        var tooShort = await new UdpHealthCheck(Loopback(echo.Port), "01", replyPatternHex: "01", minReplyLength: 2).RunAsync(default);
        Assert.Equal("UDP reply of 1 bytes, expected 2-255", tooShort.Reason);
    }

    [Fact]
    public async Task Pattern_is_compared_only_up_to_the_shorter_of_reply_and_pattern()
    {
        using var echo = new UdpEcho();
        var shortReply = await new UdpHealthCheck(Loopback(echo.Port), "ab", replyPatternHex: "ab cd ef").RunAsync(default);
        Assert.True(shortReply.Success, shortReply.Reason);
        var longReply = await new UdpHealthCheck(Loopback(echo.Port), "ab cd ef 99", replyPatternHex: "ab cX").RunAsync(default);
        Assert.True(longReply.Success, longReply.Reason);
        var mismatch = await new UdpHealthCheck(Loopback(echo.Port), "ab cd", replyPatternHex: "ab dX").RunAsync(default);
        Assert.Equal("UDP reply differs from require_reply at byte 1", mismatch.Reason);
    }

    [Fact]
    public async Task Without_require_reply_a_reply_of_any_content_is_success()
    {
        using var echo = new UdpEcho();
        var r = await new UdpHealthCheck(Loopback(echo.Port), "ff ff ff ff", maxReplyLength: 1).RunAsync(default);
        Assert.True(r.Success, r.Reason);
    }
}
