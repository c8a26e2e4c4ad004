using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace HaTools.PowerShell.Tests.Checks;

public class TestHttpGetDigestTests
{
    private static string Md5(string s) => Convert.ToHexString(MD5.HashData(Encoding.ASCII.GetBytes(s))).ToLowerInvariant();

    [Fact]
    public void Returns_status_digest_and_a_paste_ready_url_block()
    {
        using var server = new LoopbackHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-Test: yes\r\n\r\nhello world"u8.ToArray());
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-HttpGetDigest -Server 127.0.0.1 -Port $args[0] -Path /health -VirtualHost www.example.com", server.Port);
        r.ThrowIfErrors();
        dynamic result = Assert.Single(r.Output);
        Assert.Equal(200, (int)result.StatusCode);
        Assert.Equal(Md5("hello world"), (string)result.Digest);
        Assert.Equal(11L, (long)result.BodyLength);
        Assert.Equal("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: www.example.com\r\n\r\n", server.LastRequest);
        Assert.Equal($"url {{\n    path /health\n    digest {Md5("hello world")}\n    status_code 200\n    virtualhost www.example.com\n}}", (string)result.KeepalivedSnippet);
        var header = s.Invoke("$args[0].Headers | Where-Object Name -eq 'X-Test' | ForEach-Object Value", r.Output[0]);
        Assert.Equal("yes", header.Output.Single().ToString());
    }

    [Fact]
    public void Uri_from_the_pipeline_uses_its_port_and_path()
    {
        using var server = new LoopbackHttpServer("HTTP/1.0 404 Not Found\r\n\r\nmissing"u8.ToArray());
        using var s = new PowerShellSession();
        var r = s.Invoke("$args[0] | Test-HttpGetDigest -Protocol 1.1", $"http://127.0.0.1:{server.Port}/a/b?c=d");
        r.ThrowIfErrors();
        dynamic result = Assert.Single(r.Output);
        Assert.Equal(404, (int)result.StatusCode);
        Assert.Equal(Md5("missing"), (string)result.Digest);
        Assert.StartsWith("GET /a/b?c=d HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: 127.0.0.1:" + server.Port, server.LastRequest);
    }

    [Fact]
    public void Refused_connection_is_an_error_record_with_the_url_as_target_and_the_pipeline_goes_on()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        using var server = new LoopbackHttpServer("HTTP/1.0 200 OK\r\n\r\nok"u8.ToArray());
        using var s = new PowerShellSession();
        var r = s.Invoke("$args | Test-HttpGetDigest -Timeout 2", $"http://127.0.0.1:{port}/", $"http://127.0.0.1:{server.Port}/");
        var error = Assert.Single(r.Errors);
        Assert.Equal("HttpGetConnectRefused,HaTools.Commands.TestHttpGetDigestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal($"http://127.0.0.1:{port}/", error.TargetObject);
        Assert.Single(r.Output);
    }

    [Fact]
    public void Non_http_uri_is_an_invalid_argument()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-HttpGetDigest ftp://127.0.0.1/x");
        var error = Assert.Single(r.Errors);
        Assert.Equal("UriNotHttp,HaTools.Commands.TestHttpGetDigestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void Missing_status_code_gives_a_warning()
    {
        using var server = new LoopbackHttpServer("garbage\r\n\r\nbody"u8.ToArray());
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-HttpGetDigest -Server 127.0.0.1 -Port $args[0]", server.Port);
        r.ThrowIfErrors();
        Assert.Contains(r.Warnings, w => w.Contains("no status code"));
        dynamic result = Assert.Single(r.Output);
        Assert.Equal(0, (int)result.StatusCode);
    }
}
