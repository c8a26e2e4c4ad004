using System.Management.Automation;
using System.Net;
using System.Net.Sockets;

namespace HaTools.PowerShell.Tests.Checks;

[Collection(HostedJobsCollection.Name)]
public class StartVirtualServerTests
{
    [Fact]
    public void Monitor_only_job_reports_a_dead_server_with_its_reason_and_stops()
    {
        using var web = new LoopbackHttpServer("HTTP/1.0 200 OK\r\n\r\nok"u8.ToArray());
        int closed;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); closed = ((IPEndPoint)l.LocalEndpoint).Port; }
        var dir = Directory.CreateTempSubdirectory("htchecks-vs-");
        try
        {
            var conf = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(conf, $$"""
                virtual_server 192.0.2.10 80 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    warmup 0
                    real_server 127.0.0.1 {{web.Port}} {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                    real_server 127.0.0.1 {{closed}} {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                }
                """);
            using var s = new PowerShellSession();
            var start = s.Invoke("$global:j = Import-KeepalivedConfig $args[0] | Start-VirtualServer -MonitorOnly -Name vs1; $global:j", conf);
            start.ThrowIfErrors();
            dynamic job = Assert.Single(start.Output);
            Assert.Equal("Running", job.JobStateInfo.State.ToString());

            PSObject? down = null;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (down is null && DateTime.UtcNow < deadline)
            {
                var r = s.Invoke("Receive-Job $global:j");
                down = r.Output.FirstOrDefault(o => ((dynamic)o).Kind.ToString() == "RealServerDown");
                if (down is null) Thread.Sleep(100);
            }
            Assert.NotNull(down);
            Assert.Equal($"Removing service 127.0.0.1:{closed} from VS 192.0.2.10:80", (string)((dynamic)down!).Message);
            Assert.Equal($"TCP_CHECK 127.0.0.1:{closed}: connect to 127.0.0.1:{closed} failed: connection refused", (string)((dynamic)down).Reason);

            var status = s.Invoke("Get-VirtualServerStatus $global:j");
            status.ThrowIfErrors();
            dynamic vs = Assert.Single(status.Output);
            Assert.True((bool)vs.QuorumUp);
            Assert.Equal(1, (int)vs.AliveWeight);

            var stop = s.Invoke("Stop-Job $global:j; $global:j.JobStateInfo.State.ToString(); Remove-Job $global:j");
            stop.ThrowIfErrors();
            Assert.Equal("Stopped", stop.Output.Single().ToString());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Checker_attempts_become_verbose_records_only_with_Verbose()
    {
        int closed;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); closed = ((IPEndPoint)l.LocalEndpoint).Port; }
        var dir = Directory.CreateTempSubdirectory("htchecks-vs-");
        try
        {
            var conf = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(conf, $$"""
                virtual_server 192.0.2.11 80 {
                    delay_loop 1
                    protocol TCP
                    warmup 0
                    real_server 127.0.0.1 {{closed}} {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                }
                """);
            using var s = new PowerShellSession();
            s.Invoke("$global:q = Import-KeepalivedConfig $args[0] | Start-VirtualServer -MonitorOnly -Name quiet; " +
                     "$global:v = Import-KeepalivedConfig $args[0] | Start-VirtualServer -MonitorOnly -Name loud -Verbose", conf).ThrowIfErrors();

            // Both jobs run the same failing check; wait until each has reported the server down.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            int Count(string script) => Convert.ToInt32(s.Invoke(script).Output.Single().BaseObject);
            while ((Count("$global:q.Output.Count") == 0 || Count("$global:v.Output.Count") == 0) && DateTime.UtcNow < deadline)
                Thread.Sleep(100);
            Assert.True(Count("$global:q.Output.Count") > 0 && Count("$global:v.Output.Count") > 0, "no transition from both jobs");

            Assert.True(Count("$global:v.Verbose.Count") > 0, "-Verbose job recorded no attempt");
            Assert.Contains($"127.0.0.1:{closed}", s.Invoke("$global:v.Verbose[0].Message").Output.Single().ToString());
            Assert.Equal(0, Count("$global:q.Verbose.Count"));
            s.Invoke("Stop-Job $global:q, $global:v; Remove-Job $global:q, $global:v").ThrowIfErrors();
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void WhatIf_starts_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("htchecks-vs-");
        try
        {
            var conf = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(conf, "virtual_server 192.0.2.10 80 {\n protocol TCP\n real_server 127.0.0.1 1 {\n TCP_CHECK {\n }\n }\n}\n");
            using var s = new PowerShellSession();
            var r = s.Invoke("Import-KeepalivedConfig $args[0] | Start-VirtualServer -MonitorOnly -WhatIf; @(Get-Job).Count", conf);
            r.ThrowIfErrors();
            Assert.Equal(0, (int)r.Output.Last().BaseObject);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Input_that_is_not_a_virtual_server_is_an_error_with_the_object_as_target()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("'nope' | Start-VirtualServer -MonitorOnly");
        var e = Assert.Single(r.Errors);
        Assert.Equal("ConfigNotAVirtualServer,HaTools.Commands.StartVirtualServerCommand", e.FullyQualifiedErrorId);
        Assert.Equal("nope", e.TargetObject);
    }
}
