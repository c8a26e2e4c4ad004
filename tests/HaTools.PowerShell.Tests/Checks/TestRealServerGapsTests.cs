using System.Management.Automation;
using System.Net;
using System.Net.Sockets;

namespace HaTools.PowerShell.Tests.Checks;

/// <summary>Test-RealServer's keepalived options beyond the basics: url stepping, regex refusal, UDP reply rules, bind_if.</summary>
public class TestRealServerGapsTests
{
    [Fact]
    public void Several_paths_are_checked_one_attempt_each_and_the_result_names_the_whole_list()
    {
        using var web = new LoopbackHttpServer("HTTP/1.0 200 OK\r\n\r\nok"u8.ToArray());
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer HTTP_GET 127.0.0.1 $args[0] -Path /a,/b,/c", web.Port);
        r.ThrowIfErrors();
        dynamic result = r.Output.Single();
        Assert.True((bool)result.Healthy);
        Assert.Equal("all 3 urls answered as expected", (string)result.Reason);
        Assert.Equal(3, (int)result.Attempts.Count);
        Assert.StartsWith("GET /c ", web.LastRequest);
    }

    [Fact]
    public void A_pcre2_only_regex_is_an_error_record_naming_the_pattern()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer HTTP_GET 127.0.0.1 80 -Regex 'ok++'");
        var e = Assert.Single(r.Errors);
        Assert.Equal("RegexUnsupported,HaTools.Commands.TestRealServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, e.CategoryInfo.Category);
        Assert.Equal("ok++", e.TargetObject);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void An_unsupported_regex_option_is_an_error_record()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer HTTP_GET 127.0.0.1 80 -Regex ok -RegexOption ungreedy");
        Assert.Equal("RegexOptionUnsupported,HaTools.Commands.TestRealServerCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Udp_reply_pattern_holds_the_reply_to_the_length_bounds()
    {
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ = Task.Run(async () =>
        {
            var buf = new byte[1500];
            while (true)
            {
                try
                {
                    var got = await echo.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
                    await echo.SendToAsync(buf.AsMemory(0, got.ReceivedBytes), SocketFlags.None, got.RemoteEndPoint);
                }
                catch { return; }
            }
        });
        var port = ((IPEndPoint)echo.LocalEndPoint!).Port;
        using var s = new PowerShellSession();
        var r = s.Invoke("""
            Test-RealServer UDP_CHECK 127.0.0.1 $args[0] -Payload '00 81 02' -RequireReply -ReplyPattern '00 8X' -MaxReplyLength 3 -Retry 0
            Test-RealServer UDP_CHECK 127.0.0.1 $args[0] -Payload '00 81 02' -RequireReply -ReplyPattern '00 8X' -MaxReplyLength 2 -Retry 0
            Test-RealServer UDP_CHECK 127.0.0.1 $args[0] -Payload '00 81 02' -RequireReply -MaxReplyLength 2 -Retry 0
            """, port);
        r.ThrowIfErrors();
        var healthy = r.Output.Select(o => (bool)((dynamic)o).Healthy).ToArray();
        Assert.Equal(new[] { true, false, true }, healthy);
        Assert.Equal("UDP reply of more than 2 bytes, expected 0-2", (string)((dynamic)r.Output[1]).Reason);
    }

    [Fact]
    public void Bind_interface_is_applied_to_the_checker_socket()
    {
        using var web = new LoopbackHttpServer("HTTP/1.0 200 OK\r\n\r\nok"u8.ToArray());
        using var s = new PowerShellSession();
        var r = s.Invoke("""
            Test-RealServer TCP_CHECK 127.0.0.1 $args[0] -BindInterface lo -FirewallMark 5 -Retry 0
            Test-RealServer TCP_CHECK 127.0.0.1 $args[0] -BindInterface nosuch0 -Retry 0
            """, web.Port);
        r.ThrowIfErrors();
        Assert.True((bool)((dynamic)r.Output[0]).Healthy, (string)((dynamic)r.Output[0]).Reason);
        Assert.False((bool)((dynamic)r.Output[1]).Healthy);
        Assert.Equal("cannot bind to interface nosuch0: no such device", (string)((dynamic)r.Output[1]).Reason);
    }

    [Fact]
    public void A_missing_client_certificate_file_is_an_error_record()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer SSL_GET 127.0.0.1 443 -SslCertificate /nonexistent/checker.pem -SslKey /nonexistent/checker.key");
        var e = Assert.Single(r.Errors);
        Assert.Equal("SslCertificateInvalid,HaTools.Commands.TestRealServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal("/nonexistent/checker.pem", e.TargetObject);
    }
}
