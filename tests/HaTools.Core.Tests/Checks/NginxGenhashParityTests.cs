using System.Net;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Tests.Checks;

/// <summary>genhash and our client against the same real nginx: same digest and status, HTTP and HTTPS.</summary>
public sealed class NginxGenhashParityTests : IClassFixture<NginxFixture>
{
    private readonly NginxFixture _nginx;

    public NginxGenhashParityTests(NginxFixture nginx) => _nginx = nginx;

    [Theory]
    [InlineData("/index.html", null, false, false, null)]
    [InlineData("/index.html", "a.test", false, false, null)]
    [InlineData("/index.html", "a.test", false, false, "1.1")]
    [InlineData("/missing.html", null, false, false, null)]
    [InlineData("/moved", null, false, false, null)]
    [InlineData("/large.bin", null, false, false, null)]
    [InlineData("/index.html", null, true, false, null)]
    [InlineData("/index.html", "b.test", true, true, null)]
    [InlineData("/sni", "b.test", true, true, null)]
    [InlineData("/sni", "b.test", true, false, null)]
    [InlineData("/large.bin", null, true, false, "1.1")]
    public async Task Digest_and_status_match_genhash_on_nginx(string path, string? vhost, bool ssl, bool sni, string? protocol)
    {
        var port = ssl ? _nginx.HttpsPort : _nginx.HttpPort;
        var theirs = Genhash.Run("127.0.0.1", port, path, vhost, ssl, sni, protocol, verbose: false);
        var theirsVerbose = path.EndsWith(".bin") ? null : Genhash.Run("127.0.0.1", port, path, vhost, ssl, sni, protocol);

        var ours = await new HttpGetClient().GetAsync(new HttpGetRequest
        {
            Server = IPAddress.Loopback,
            Port = port,
            Path = path,
            VirtualHost = vhost,
            UseSsl = ssl,
            EnableSni = sni,
            Protocol = protocol == "1.1" ? HttpProtocolVersion.Http11 : HttpProtocolVersion.Http10,
        });

        Assert.True(ours.Succeeded, ours.FailureReason);
        Assert.NotNull(theirs.Digest);
        Assert.Equal(theirs.Digest, ours.Digest);
        if (theirsVerbose != null) Assert.Equal(theirsVerbose.Status, ours.StatusCode);
        else Assert.Equal(200, ours.StatusCode);
    }

    [Fact]
    public async Task Sni_changes_what_nginx_sees_so_the_switch_is_real()
    {
        Task<HttpGetResult> Get(bool sni) => new HttpGetClient().GetAsync(new HttpGetRequest
        {
            Server = IPAddress.Loopback, Port = _nginx.HttpsPort, Path = "/sni", VirtualHost = "b.test", UseSsl = true, EnableSni = sni, CaptureBodyBytes = 200,
        });
        var with = await Get(true);
        var without = await Get(false);
        Assert.Equal("sni=b.test host=b.test (b)\n", System.Text.Encoding.ASCII.GetString(with.BodyPrefix!));
        Assert.Equal("sni= host=b.test (b)\n", System.Text.Encoding.ASCII.GetString(without.BodyPrefix!));
    }

    [Fact]
    public async Task Redirect_is_not_followed()
    {
        var r = await new HttpGetClient().GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = _nginx.HttpPort, Path = "/moved" });
        Assert.Equal(301, r.StatusCode);
        Assert.Contains(r.Headers, h => h.Name == "Location" && h.Value.EndsWith("/index.html"));
    }
}
