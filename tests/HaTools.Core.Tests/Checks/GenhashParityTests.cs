using System.Net;
using System.Security.Cryptography;
using System.Text;
using HaTools.Core.Checks.Http;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// The contract: Test-HttpGetDigest's client sends the same bytes and computes the same digest and
/// status as genhash (keepalived 2.2.7) for the same response. Both run against one loopback server.
/// </summary>
public sealed class GenhashParityTests : IDisposable
{
    private static readonly byte[] Large = MakeLarge();
    private readonly CannedHttpServer _server = new();

    public GenhashParityTests()
    {
        _server.Text("/plain", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        _server.Text("/chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        _server.Text("/close-delimited", "HTTP/1.0 200 OK\r\nServer: test\r\n\r\nbody until the connection closes\n");
        _server.Text("/cl-short", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhello");
        _server.Text("/cl-long", "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nhello");
        _server.Text("/cl-lowercase", "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nhello");
        _server.Text("/cl-trailing-blank", "HTTP/1.1 200 OK\r\nContent-Length: 3 \r\n\r\nhello");
        _server.Text("/cl-inside-other-header", "HTTP/1.1 200 OK\r\nX-Content-Length: 2\r\nContent-Length: 4\r\n\r\nabcdef");
        _server.Text("/cl-no-space", "HTTP/1.1 200 OK\r\nContent-Length:4\r\n\r\nabcdef");
        _server.Text("/not-found", "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
        _server.Text("/error", "HTTP/1.0 500 Internal Server Error\r\n\r\noops");
        _server.Text("/redirect", "HTTP/1.1 301 Moved Permanently\r\nLocation: /plain\r\nContent-Length: 0\r\n\r\n");
        _server.Text("/no-reason", "HTTP/1.1 204\r\n\r\n");
        _server.Text("/empty", "HTTP/1.1 200 OK\r\n\r\n");
        _server.Text("/garbage-status", "garbage\r\n\r\nxyz");
        _server.Bytes("/binary", Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n").Concat(new byte[] { 0, 1, 2, 0, 255, 13, 10, 13, 10, 0 }).ToArray());
        _server.Bytes("/large", Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {Large.Length}\r\n\r\n").Concat(Large).ToArray());
        _server.Bytes("/large-chunked", Chunk(Large, 7919));
        _server.Text("/header-4095", BigHeader(4095));
        _server.Text("/header-4096", BigHeader(4096));
        _server.Text("/lf-only", "HTTP/1.1 200 OK\nContent-Length: 3\n\nabc");
        _server.Text("/nothing", "");
    }

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData("/plain")]
    [InlineData("/chunked")]
    [InlineData("/close-delimited")]
    [InlineData("/cl-short")]
    [InlineData("/cl-long")]
    [InlineData("/cl-lowercase")]
    [InlineData("/cl-trailing-blank")]
    [InlineData("/cl-inside-other-header")]
    [InlineData("/cl-no-space")]
    [InlineData("/not-found")]
    [InlineData("/error")]
    [InlineData("/redirect")]
    [InlineData("/no-reason")]
    [InlineData("/empty")]
    [InlineData("/binary")]
    [InlineData("/header-4095")]
    public async Task Digest_and_status_match_genhash(string path)
    {
        var theirs = Genhash.Run("127.0.0.1", _server.Port, path);
        var ours = await Get(path);

        Assert.True(ours.Succeeded, ours.FailureReason);
        Assert.NotNull(theirs.Digest);
        Assert.Equal(theirs.Digest, ours.Digest);
        Assert.Equal(theirs.Status, ours.StatusCode);
    }

    [Theory]
    [InlineData("/large")]
    [InlineData("/large-chunked")]
    public async Task Digest_matches_genhash_for_multi_megabyte_bodies(string path)
    {
        var theirs = Genhash.Run("127.0.0.1", _server.Port, path, verbose: false);
        var ours = await Get(path);

        Assert.True(ours.Succeeded, ours.FailureReason);
        Assert.Equal(theirs.Digest, ours.Digest);
        Assert.Equal(200, ours.StatusCode);
    }

    [Fact]
    public async Task Chunked_framing_is_hashed_as_received_not_decoded()
    {
        var ours = await Get("/chunked");
        var raw = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"u8.ToArray();
        Assert.Equal(Convert.ToHexString(MD5.HashData(raw)).ToLowerInvariant(), ours.Digest);
        Assert.NotEqual(Convert.ToHexString(MD5.HashData("hello world"u8.ToArray())).ToLowerInvariant(), ours.Digest);
    }

    [Fact]
    public async Task Garbage_status_line_reads_as_status_0_with_the_same_digest_as_genhash()
    {
        var theirs = Genhash.Run("127.0.0.1", _server.Port, "/garbage-status", verbose: false);
        var ours = await Get("/garbage-status");
        Assert.Equal(0, ours.StatusCode);
        Assert.Equal(theirs.Digest, ours.Digest);
    }

    [Theory]
    [InlineData("/header-4096", HttpGetFailure.HeaderTooLarge)]
    [InlineData("/lf-only", HttpGetFailure.NoData)]
    [InlineData("/nothing", HttpGetFailure.NoData)]
    public async Task Responses_genhash_rejects_fail_with_a_reason(string path, HttpGetFailure expected)
    {
        var theirs = Genhash.Run("127.0.0.1", _server.Port, path, verbose: false);
        var ours = await Get(path);

        Assert.Null(theirs.Digest);
        Assert.Contains("no data received", theirs.Output);
        Assert.Equal(expected, ours.Failure);
        Assert.False(string.IsNullOrEmpty(ours.FailureReason));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("www.example.com", null)]
    [InlineData(null, "1.0C")]
    [InlineData("www.example.com", "1.1")]
    public async Task Request_bytes_are_identical_to_genhash(string? vhost, string? protocol)
    {
        Genhash.Run("127.0.0.1", _server.Port, "/plain?x=1", vhost, protocol: protocol, verbose: false);
        Assert.True(_server.Requests.TryDequeue(out var theirs));
        await Get("/plain?x=1", vhost, protocol switch { "1.1" => HttpProtocolVersion.Http11, "1.0C" => HttpProtocolVersion.Http10Close, _ => HttpProtocolVersion.Http10 });
        Assert.True(_server.Requests.TryDequeue(out var ours));
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task Ipv6_request_puts_the_literal_in_brackets_like_genhash()
    {
        using var v6 = new CannedHttpServer(IPAddress.IPv6Loopback);
        v6.Text("/", "HTTP/1.0 200 OK\r\n\r\nv6");
        Genhash.Run("::1", v6.Port, "/", verbose: false);
        Assert.True(v6.Requests.TryDequeue(out var theirs));
        var ours = await new HttpGetClient().GetAsync(new HttpGetRequest { Server = IPAddress.IPv6Loopback, Port = v6.Port, Path = "/" });
        Assert.True(v6.Requests.TryDequeue(out var oursRequest));
        Assert.Equal(theirs, oursRequest);
        Assert.Contains($"Host: [::1]:{v6.Port}\r\n", oursRequest);
        Assert.Equal(200, ours.StatusCode);
    }

    private Task<HttpGetResult> Get(string path, string? vhost = null, HttpProtocolVersion protocol = HttpProtocolVersion.Http10) =>
        new HttpGetClient().GetAsync(new HttpGetRequest
        {
            Server = IPAddress.Loopback,
            Port = _server.Port,
            Path = path,
            VirtualHost = vhost,
            Protocol = protocol,
            Timeout = TimeSpan.FromSeconds(5),
        });

    private static string BigHeader(int headerBytes)
    {
        // "HTTP/1.1 200 OK\r\n" + "X-Big: " + filler + "\r\n" + "Content-Length: 2\r\n" + "\r\n" = headerBytes
        var filler = headerBytes - 17 - 7 - 2 - 19 - 2;
        return "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', filler) + "\r\nContent-Length: 2\r\n\r\nok";
    }

    private static byte[] MakeLarge()
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(data);
        return data;
    }

    private static byte[] Chunk(byte[] body, int size)
    {
        var ms = new MemoryStream();
        ms.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8);
        for (var i = 0; i < body.Length; i += size)
        {
            var n = Math.Min(size, body.Length - i);
            ms.Write(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            ms.Write(body, i, n);
            ms.Write("\r\n"u8);
        }
        ms.Write("0\r\n\r\n"u8);
        return ms.ToArray();
    }
}
