using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Options;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Checks;

/// <summary>Each checker kind against real loopback servers: success, and each failure with keepalived-style reasons.</summary>
public sealed class CheckersTests : IDisposable
{
    private readonly CannedHttpServer _http = new();
    private static readonly TimeSpan T = TimeSpan.FromSeconds(2);

    public CheckersTests()
    {
        _http.Text("/ok", "HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nall is well!");
        _http.Text("/missing", "HTTP/1.0 404 Not Found\r\n\r\nnope");
        _http.Text("/teapot", "HTTP/1.0 418 I'm a teapot\r\n\r\nshort and stout");
    }

    public void Dispose() => _http.Dispose();

    private CheckEndpoint Loopback(int port, TimeSpan? timeout = null) => new(IPAddress.Loopback, port, null, 0, timeout ?? T);

    private static string Md5(string s) => Convert.ToHexString(MD5.HashData(Encoding.ASCII.GetBytes(s))).ToLowerInvariant();

    [Fact]
    public async Task Tcp_check_is_up_on_a_listening_port_and_down_with_the_reason_on_a_closed_one()
    {
        var ok = await new TcpHealthCheck(Loopback(_http.Port)).RunAsync(default);
        Assert.True(ok.Success, ok.Reason);
        var closed = ClosedPort();
        var fail = await new TcpHealthCheck(Loopback(closed)).RunAsync(default);
        Assert.False(fail.Success);
        Assert.Equal($"connect to 127.0.0.1:{closed} failed: connection refused", fail.Reason);
    }

    [Fact]
    public async Task Http_get_passes_with_matching_status_and_digest()
    {
        var check = Http(new UrlCheckOptions { Path = "/ok", Digest = Md5("all is well!"), StatusCodes = new[] { new StatusCodeRange(200, 200) } });
        var r = await check.RunAsync(default);
        Assert.True(r.Success, r.Reason);
    }

    [Fact]
    public async Task Http_get_default_status_is_200_to_299()
    {
        var r = await Http(new UrlCheckOptions { Path = "/missing" }).RunAsync(default);
        Assert.False(r.Success);
        Assert.Equal("HTTP status 404, expected 200-299", r.Reason);
    }

    [Fact]
    public async Task Http_get_accepts_listed_codes_and_ranges()
    {
        var r = await Http(new UrlCheckOptions { Path = "/teapot", StatusCodes = new[] { new StatusCodeRange(200, 299), new StatusCodeRange(418, 418) } }).RunAsync(default);
        Assert.True(r.Success, r.Reason);
    }

    [Fact]
    public async Task Http_get_digest_mismatch_names_both_digests()
    {
        var r = await Http(new UrlCheckOptions { Path = "/ok", Digest = "00000000000000000000000000000000" }).RunAsync(default);
        Assert.False(r.Success);
        Assert.Equal($"MD5 digest {Md5("all is well!")}, expected 00000000000000000000000000000000", r.Reason);
    }

    [Fact]
    public async Task Http_get_fails_at_the_first_failing_url_of_several()
    {
        var r = await Http(new UrlCheckOptions { Path = "/ok" }, new UrlCheckOptions { Path = "/missing" }, new UrlCheckOptions { Path = "/ok" }).RunAsync(default);
        Assert.False(r.Success);
        Assert.Equal("HTTP status 404, expected 200-299 on /missing", r.Reason);
    }

    [Theory]
    [InlineData("well", false, true)]
    [InlineData("sick", false, false)]
    [InlineData("well", true, false)]
    [InlineData("sick", true, true)]
    public async Task Http_get_regex_and_regex_no_match(string pattern, bool noMatch, bool expected)
    {
        var r = await Http(new UrlCheckOptions { Path = "/ok", Regex = pattern, RegexNoMatch = noMatch }).RunAsync(default);
        Assert.Equal(expected, r.Success);
    }

    [Fact]
    public async Task Smtp_check_needs_220_then_250()
    {
        using var good = new LineServer("220 mail ESMTP ready\r\n", "250-mail\r\n250 OK\r\n");
        var ok = await new SmtpHealthCheck(Loopback(good.Port), "lb1").RunAsync(default);
        Assert.True(ok.Success, ok.Reason);
        Assert.Contains("HELO lb1\r\n", good.Received);

        using var busy = new LineServer("554 no service\r\n");
        var fail = await new SmtpHealthCheck(Loopback(busy.Port)).RunAsync(default);
        Assert.Equal("SMTP greeting 554, expected 220", fail.Reason);

        using var rude = new LineServer("220 hi\r\n", "502 no HELO here\r\n");
        Assert.Equal("SMTP HELO answered 502, expected 250", (await new SmtpHealthCheck(Loopback(rude.Port)).RunAsync(default)).Reason);
    }

    [Fact]
    public async Task Smtp_check_on_a_silent_server_times_out()
    {
        using var silent = new LineServer();
        var r = await new SmtpHealthCheck(Loopback(silent.Port, TimeSpan.FromMilliseconds(300))).RunAsync(default);
        Assert.Equal("SMTP greeting: read timeout after 0.3 s", r.Reason);
    }

    [Fact]
    public async Task Dns_check_wants_our_id_and_noerror_and_ignores_forged_replies()
    {
        using var dns = new FakeDnsServer(rcode: 0, forgeFirst: true);
        var check = new DnsHealthCheck(Loopback(dns.Port), "A", "www.example.com");
        var r = await check.RunAsync(default);
        Assert.True(r.Success, r.Reason);
        Assert.Equal(1, check.IgnoredReplies);
        Assert.Equal(1, dns.LastQuestionType);
        Assert.Equal("www.example.com", dns.LastQuestionName);
    }

    [Fact]
    public async Task Dns_check_fails_on_nxdomain_on_silence_and_on_a_closed_port()
    {
        using var nx = new FakeDnsServer(rcode: 3);
        Assert.Equal("DNS SOA .: NXDOMAIN", (await new DnsHealthCheck(Loopback(nx.Port)).RunAsync(default)).Reason);
        using var mute = new FakeDnsServer(rcode: 0, silent: true);
        Assert.Equal("no DNS reply within 0.3 s", (await new DnsHealthCheck(Loopback(mute.Port, TimeSpan.FromMilliseconds(300))).RunAsync(default)).Reason);
        var closed = ClosedUdpPort();
        Assert.Equal("DNS query failed: port unreachable", (await new DnsHealthCheck(Loopback(closed)).RunAsync(default)).Reason);
    }

    [Fact]
    public async Task Udp_check_fails_on_port_unreachable_and_passes_on_silence_without_require_reply()
    {
        var closed = ClosedUdpPort();
        var fail = await new UdpHealthCheck(Loopback(closed)).RunAsync(default);
        Assert.Equal($"UDP to 127.0.0.1:{closed}: port unreachable", fail.Reason);
        using var mute = new FakeDnsServer(0, silent: true);
        var ok = await new UdpHealthCheck(Loopback(mute.Port, TimeSpan.FromMilliseconds(200))).RunAsync(default);
        Assert.True(ok.Success, ok.Reason);
    }

    [Fact]
    public async Task Udp_check_with_require_reply_matches_the_pattern_with_wildcards()
    {
        using var echo = new UdpEcho();
        var ok = await new UdpHealthCheck(Loopback(echo.Port), "ab12 34", requireReply: true, replyPatternHex: "aX 12").RunAsync(default);
        Assert.True(ok.Success, ok.Reason);
        var bad = await new UdpHealthCheck(Loopback(echo.Port), "ab12 34", requireReply: true, replyPatternHex: "ab 13").RunAsync(default);
        Assert.Equal("UDP reply differs from require_reply at byte 1", bad.Reason);
        var tooShort = await new UdpHealthCheck(Loopback(echo.Port), "ab", requireReply: true, replyPatternHex: "ab", minReplyLength: 2).RunAsync(default);
        Assert.Equal("UDP reply of 1 bytes, expected 2-255", tooShort.Reason);
    }

    [Fact]
    public void Hex_strings_read_like_keepalived()
    {
        var bytes = UdpHealthCheck.ParseHex("Ab12f 3 456 546443123", false).Select(p => p.Value).ToArray();
        Assert.Equal(new byte[] { 0xAB, 0x12, 0x0F, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03 }, bytes);
        var ex = Assert.Throws<HaToolsException>(() => UdpHealthCheck.ParseHex("zz", false));
        Assert.Equal("HexStringInvalid", ex.ErrorId);
    }

    [Fact]
    public async Task Ping_check_answers_on_loopback()
    {
        var r = await new PingHealthCheck(Loopback(1)).RunAsync(default);
        Assert.True(r.Success, r.Reason);
    }

    [Theory]
    [InlineData("0", 0, false, false, true, null)]
    [InlineData("3", 0, false, false, false, null)]
    [InlineData("5", 2, false, true, true, 10)]
    [InlineData("5", 2, true, true, true, -10)]
    [InlineData("200", -2, false, true, false, null)]
    [InlineData("ten", 1, false, false, false, null)]
    public async Task File_check_reads_the_number_like_track_file(string content, int weight, bool reverse, bool dynamic, bool up, int? expectedWeight)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content + "\n");
            var r = await new FileHealthCheck(path, weight, reverse, dynamic).RunAsync(default);
            Assert.Equal(up, r.Success);
            Assert.Equal(expectedWeight, r.Weight);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task File_check_on_a_missing_file_fails_with_the_reason()
    {
        var r = await new FileHealthCheck("/nonexistent/ht-file-check").RunAsync(default);
        Assert.StartsWith("cannot read /nonexistent/ht-file-check", r.Reason);
    }

    [Theory]
    [InlineData(0, false, true, null)]
    [InlineData(1, false, false, null)]
    [InlineData(7, false, false, null)]
    [InlineData(7, true, true, 5)]
    [InlineData(255, true, true, 253)]
    [InlineData(1, true, false, null)]
    public async Task Misc_check_reads_exit_codes_like_keepalived(int exit, bool dynamic, bool up, int? weight)
    {
        var r = await new MiscHealthCheck(new MiscCheckOptions { Path = $"/bin/sh -c 'exit {exit}'", Dynamic = dynamic }, T).RunAsync(default);
        Assert.Equal(up, r.Success);
        Assert.Equal(weight, r.Weight);
    }

    [Fact]
    public async Task Misc_check_that_hangs_is_killed_at_its_timeout()
    {
        var sw = Stopwatch.StartNew();
        var r = await new MiscHealthCheck(new MiscCheckOptions { Path = "/bin/sh -c 'sleep 30 & sleep 30'" }, TimeSpan.FromMilliseconds(300)).RunAsync(default);
        Assert.False(r.Success);
        Assert.Equal("/bin/sh: timed out after 0.3 s (killed)", r.Reason);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), sw.Elapsed.ToString());
    }

    [Fact]
    public async Task Misc_check_of_a_missing_program_is_a_failure_with_the_reason()
    {
        var r = await new MiscHealthCheck(new MiscCheckOptions { Path = "/nonexistent/check.sh arg" }, T).RunAsync(default);
        Assert.False(r.Success);
        Assert.True(r.Reason.StartsWith("/nonexistent/check.sh: "), r.Reason);
    }

    [Fact]
    public void Misc_path_is_split_without_a_shell()
    {
        Assert.True(ScriptArgv.TryParse("/usr/bin/check \"a b\" 'c;d' e\\ f $HOME", out var argv, out _));
        Assert.Equal(new[] { "/usr/bin/check", "a b", "c;d", "e f", "$HOME" }, argv);
        Assert.False(ScriptArgv.TryParse("/x 'open", out _, out var reason));
        Assert.Equal("unterminated ' quote", reason);
    }

    [Fact]
    public void Factory_defaults_connect_address_and_port_to_the_real_server()
    {
        var f = new HealthCheckFactory();
        var t = new TcpCheckOptions().ResolveTiming();
        Assert.Equal("TCP_CHECK 10.1.2.3:8080", f.Create(new TcpCheckOptions(), IPAddress.Parse("10.1.2.3"), 8080, t).Target);
        Assert.Equal("TCP_CHECK 10.9.9.9:81", f.Create(new TcpCheckOptions { ConnectIP = IPAddress.Parse("10.9.9.9"), ConnectPort = 81 }, IPAddress.Parse("10.1.2.3"), 8080, t).Target);
        Assert.Equal("SMTP_CHECK 10.1.2.3:25", f.Create(new SmtpCheckOptions(), IPAddress.Parse("10.1.2.3"), 0, t).Target);
        var ex = Assert.Throws<HaToolsException>(() => f.Create(new TcpCheckOptions(), IPAddress.Parse("10.1.2.3"), 0, t));
        Assert.Equal("CheckPortMissing", ex.ErrorId);
    }

    [Fact]
    public void Timing_defaults_follow_keepalived_per_kind()
    {
        Assert.Equal(3, new DnsCheckOptions().ResolveTiming(TimeSpan.FromSeconds(6)).Retry);
        Assert.Equal(TimeSpan.FromSeconds(6), new DnsCheckOptions().ResolveTiming(TimeSpan.FromSeconds(6)).DelayBeforeRetry);
        Assert.Equal(0, new MiscCheckOptions { Path = "/x" }.ResolveTiming().Retry);
        Assert.Equal(TimeSpan.FromSeconds(3), new HttpGetCheckOptions().ResolveTiming().DelayBeforeRetry);
        var tcp = new TcpCheckOptions { Retry = 4 }.ResolveTiming(TimeSpan.FromSeconds(2), virtualServerRetry: 9);
        Assert.Equal(4, tcp.Retry);
        Assert.Equal(TimeSpan.FromSeconds(1), tcp.DelayBeforeRetry);
        Assert.Equal(TimeSpan.FromSeconds(5), tcp.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), tcp.DelayLoop);
    }

    private HttpGetHealthCheck Http(params UrlCheckOptions[] urls) =>
        new(Loopback(_http.Port), new HttpGetCheckOptions { Urls = urls });

    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int ClosedUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
