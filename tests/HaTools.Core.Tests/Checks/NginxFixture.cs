using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// A real nginx (Debian nginx-light) on loopback for the genhash parity tests: static pages, a large
/// file, 404, a redirect, two virtual hosts, and HTTPS with self-signed certificates made by openssl.
/// /sni answers with the TLS server name nginx saw, so SNI on or off shows in the digest.
/// </summary>
public sealed class NginxFixture : IDisposable
{
    private readonly Process _nginx;

    public NginxFixture()
    {
        Root = Directory.CreateTempSubdirectory("htchecks-nginx-").FullName;
        HttpPort = FreePort();
        HttpsPort = FreePort();
        foreach (var site in new[] { "default", "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(Root, site));
            File.WriteAllText(Path.Combine(Root, site, "index.html"), $"<html><body>site {site}</body></html>\n");
        }
        var large = new byte[5 * 1024 * 1024 + 3];
        new Random(7).NextBytes(large);
        File.WriteAllBytes(Path.Combine(Root, "default", "large.bin"), large);
        MakeCert("default");
        MakeCert("b");

        var conf = Path.Combine(Root, "nginx.conf");
        File.WriteAllText(conf, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{Root}}/nginx.pid;
            error_log {{Root}}/error.log;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{Root}}/body;
                proxy_temp_path {{Root}}/proxy;
                default_type text/plain;
                gzip off;
                server {
                    listen 127.0.0.1:{{HttpPort}} default_server;
                    root {{Root}}/default;
                    location = /moved { return 301 /index.html; }
                }
                server {
                    listen 127.0.0.1:{{HttpPort}};
                    server_name a.test;
                    root {{Root}}/a;
                }
                server {
                    listen 127.0.0.1:{{HttpsPort}} ssl default_server;
                    ssl_certificate {{Root}}/default.crt;
                    ssl_certificate_key {{Root}}/default.key;
                    root {{Root}}/default;
                    location = /sni { return 200 "sni=$ssl_server_name host=$host\n"; }
                }
                server {
                    listen 127.0.0.1:{{HttpsPort}} ssl;
                    server_name b.test;
                    ssl_certificate {{Root}}/b.crt;
                    ssl_certificate_key {{Root}}/b.key;
                    root {{Root}}/b;
                    location = /sni { return 200 "sni=$ssl_server_name host=$host (b)\n"; }
                }
            }
            """);
        var psi = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-e", Path.Combine(Root, "error.log"), "-p", Root, "-c", conf }) psi.ArgumentList.Add(a);
        _nginx = Process.Start(psi) ?? throw new InvalidOperationException("nginx did not start (apt-get install nginx-light)");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Listening(HttpPort) || !Listening(HttpsPort))
        {
            if (_nginx.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("nginx failed: " + File.ReadAllText(Path.Combine(Root, "error.log")));
            Thread.Sleep(50);
        }
    }

    public string Root { get; }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public void Dispose()
    {
        try { if (!_nginx.HasExited) { _nginx.Kill(true); _nginx.WaitForExit(5000); } } catch { }
        _nginx.Dispose();
        try { Directory.Delete(Root, true); } catch { }
    }

    private void MakeCert(string name)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", $"/CN={name}.test",
                     "-keyout", Path.Combine(Root, name + ".key"), "-out", Path.Combine(Root, name + ".crt") })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("openssl failed: " + err);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
