using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HaTools.PowerShell.Tests.Checks;

public class TestRealServerTests
{
    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public void Tcp_check_from_parameters_reports_up_and_down_with_reasons()
    {
        using var server = new LoopbackHttpServer("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray());
        var closed = ClosedPort();
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer TCP_CHECK 127.0.0.1 $args[0]; Test-RealServer TCP_CHECK 127.0.0.1 $args[1] -Retry 1 -DelayBeforeRetry 0.1", server.Port, closed);
        r.ThrowIfErrors();
        Assert.Equal(2, r.Output.Count);
        dynamic up = r.Output[0], down = r.Output[1];
        Assert.True((bool)up.Healthy);
        Assert.False((bool)down.Healthy);
        Assert.Equal($"connect to 127.0.0.1:{closed} failed: connection refused (failed after 1 retry)", (string)down.Reason);
        Assert.Equal(2, (int)down.Attempts.Count);
    }

    [Fact]
    public void Checkers_from_Import_KeepalivedConfig_run_with_the_real_server_address()
    {
        var body = "healthy\n"u8.ToArray();
        var digest = Convert.ToHexString(MD5.HashData(body)).ToLowerInvariant();
        using var web = new LoopbackHttpServer("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray().Concat(body).ToArray());
        var closed = ClosedPort();
        var dir = Directory.CreateTempSubdirectory("htchecks-");
        try
        {
            var conf = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(conf, $$"""
                virtual_server 192.0.2.10 80 {
                    delay_loop 5
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 127.0.0.1 {{web.Port}} {
                        HTTP_GET {
                            url {
                                path /health
                                digest {{digest}}
                                status_code 200
                            }
                            connect_timeout 2
                            retry 0
                        }
                    }
                    real_server 127.0.0.1 {{closed}} {
                        TCP_CHECK {
                            connect_timeout 2
                            retry 0
                        }
                    }
                }
                """);
            using var s = new PowerShellSession();
            var r = s.Invoke("Import-KeepalivedConfig $args[0] | Test-RealServer", conf);
            r.ThrowIfErrors();
            Assert.Equal(2, r.Output.Count);
            dynamic http = r.Output[0], tcp = r.Output[1];
            Assert.Equal($"HTTP_GET 127.0.0.1:{web.Port}", (string)http.Target);
            Assert.True((bool)http.Healthy, (string)http.Reason);
            Assert.StartsWith("GET /health HTTP/1.0\r\n", web.LastRequest);
            Assert.False((bool)tcp.Healthy);
            Assert.Equal($"127.0.0.1:{closed}", (string)tcp.RealServer);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Misc_check_with_dynamic_weight()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer MISC_CHECK -MiscPath \"/bin/sh -c 'exit 50'\" -Dynamic");
        r.ThrowIfErrors();
        dynamic result = Assert.Single(r.Output);
        Assert.True((bool)result.Healthy);
        Assert.Equal(48, (int)result.Weight);
    }

    [Fact]
    public void Network_check_without_a_server_is_an_invalid_argument_error()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer TCP_CHECK");
        var e = Assert.Single(r.Errors);
        Assert.Equal("ServerMissing,HaTools.Commands.TestRealServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
    }

    [Fact]
    public void Pipeline_input_that_is_not_a_checker_is_rejected_with_the_object_as_target()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("42 | Test-RealServer");
        var e = Assert.Single(r.Errors);
        Assert.Equal("InputObjectNotAChecker,HaTools.Commands.TestRealServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal(42, e.TargetObject);
    }

    [Fact]
    public void Bad_status_code_list_is_an_error()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("Test-RealServer HTTP_GET 127.0.0.1 80 -StatusCode '200-1x'");
        var e = Assert.Single(r.Errors);
        Assert.Equal("StatusCodeInvalid,HaTools.Commands.TestRealServerCommand", e.FullyQualifiedErrorId);
    }
}
