using System.Net;
using FsCheck.Xunit;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;
using HaTools.Core.Config;
using Microsoft.Extensions.Time.Testing;

namespace HaTools.Core.Tests.Checks;

public sealed class ProbeAndMappingTests
{
    [Fact]
    public async Task One_shot_probe_retries_delay_before_retry_apart_and_stops_at_the_first_success()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        var check = new ScriptedCheck { Answer = () => ++calls < 3 ? CheckAttempt.Fail("refused") : CheckAttempt.Ok("connected") };
        var run = RealServerProbe.RunAsync(check, new CheckerTiming { Retry = 3, DelayBeforeRetry = TimeSpan.FromSeconds(2) }, "10.0.0.1:80", clock);
        Assert.Equal(1, calls);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(SpinWait.SpinUntil(() => Volatile.Read(ref calls) > 1, 200));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref calls) == 2, 5000));
        // Step the clock until done: the next delay may be registered a moment after the second attempt.
        for (var i = 0; i < 1000 && !run.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }
        var r = await run;
        Assert.True(r.Healthy);
        Assert.Equal(3, r.Attempts.Count);
        Assert.InRange(r.Duration, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4.2));
    }

    [Fact]
    public async Task One_shot_probe_reports_down_after_all_retries_with_the_last_reason()
    {
        var check = new ScriptedCheck { Answer = () => CheckAttempt.Fail("connect timeout after 1 s") };
        var r = await RealServerProbe.RunAsync(check, new CheckerTiming { Retry = 2, DelayBeforeRetry = TimeSpan.Zero });
        Assert.False(r.Healthy);
        Assert.Equal(3, r.Attempts.Count);
        Assert.Equal("connect timeout after 1 s (failed after 2 retries)", r.Reason);
    }

    [Fact]
    public void Config_checkers_map_to_options_with_their_connection_settings()
    {
        var ssl = new SslGetCheckConfig
        {
            ConnectPort = 8443, ConnectTimeout = TimeSpan.FromSeconds(3), Retry = 2, EnableSni = true, HttpProtocol = "1.1", VirtualHost = "www.example.com",
            Urls = new ConfigList<HttpUrlConfig> { new() { Path = "/h", Digest = "abc", StatusCodes = new ConfigList<StatusCodeRange> { new(200, 204) } } },
        };
        var o = Assert.IsType<SslGetCheckOptions>(CheckOptionsMapper.FromConfig(ssl));
        Assert.True(o.UseSsl);
        Assert.True(o.EnableSni);
        Assert.Equal(HttpProtocolVersion.Http11, o.Protocol);
        Assert.Equal(8443, o.ConnectPort);
        Assert.Equal(2, o.ResolveTiming().Retry);
        Assert.Equal(TimeSpan.FromSeconds(3), o.ResolveTiming().ConnectTimeout);
        var url = Assert.Single(o.Urls);
        Assert.True(url.EffectiveStatusCodes.Single().Contains(204));
        Assert.False(url.EffectiveStatusCodes.Single().Contains(301));
    }

    [Fact]
    public void File_check_resolves_its_track_file_and_fails_clearly_when_it_is_missing()
    {
        var tracks = new[] { new TrackFileConfig { Name = "weights", File = "/run/w", Weight = 3 } };
        var o = Assert.IsType<FileCheckOptions>(CheckOptionsMapper.FromConfig(new FileCheckConfig { TrackFile = "weights" }, tracks));
        Assert.Equal("/run/w", o.File);
        Assert.Equal(3, o.Weight);
        var ex = Assert.Throws<HaToolsException>(() => CheckOptionsMapper.FromConfig(new FileCheckConfig { TrackFile = "nope" }, tracks));
        Assert.Equal("TrackFileNotFound", ex.ErrorId);
    }

    [Property]
    public bool Response_rules_never_throw_on_arbitrary_bytes(byte[] data)
    {
        data ??= Array.Empty<byte>();
        var end = KeepalivedResponseRules.FindHeaderEnd(data);
        KeepalivedResponseRules.ParseStatusCode(data);
        var cl = KeepalivedResponseRules.ParseContentLength(data);
        KeepalivedResponseRules.ParseHeaderFields(data, out _);
        return end is -1 or >= 4 && end <= data.Length && (cl is null or >= 0);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", 200)]
    [InlineData("HTTP/1.1 404\r\nX: y\r\n", 404)]
    [InlineData("HTTP/1.0  301 Moved\r\n", 0)]
    [InlineData("garbage\r\n", 0)]
    [InlineData("HTTP/1.1 2x0 OK\r\n", 2)]
    public void Status_code_is_read_like_keepalived(string header, int expected) =>
        Assert.Equal(expected, KeepalivedResponseRules.ParseStatusCode(System.Text.Encoding.ASCII.GetBytes(header)));

    [Theory]
    [InlineData("Content-Length: 12\r\n", 12L)]
    [InlineData("Content-Length:12\r\n", 12L)]
    [InlineData("Content-Length: 12 \r\n", null)]
    [InlineData("content-length: 12\r\n", null)]
    [InlineData("X-Content-Length: 3\r\nContent-Length: 9\r\n", 3L)]
    [InlineData("Content-Length: abc\r\n", null)]
    public void Content_length_is_read_like_keepalived(string header, long? expected) =>
        Assert.Equal(expected, KeepalivedResponseRules.ParseContentLength(System.Text.Encoding.ASCII.GetBytes(header)));
}
