using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// SSL_GET with keepalived's global SSL { ca certificate key password } block: the client certificate is
/// presented to a server that requires one; the server certificate is never verified, ca or not (keepalived
/// loads the CA file but sets no SSL_VERIFY_PEER). Certificates are made by openssl for each run.
/// </summary>
public sealed class SslClientCertificateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("htssl-").FullName;

    public SslClientCertificateTests()
    {
        // A CA that signs the client certificate, and an unrelated self-signed server certificate.
        OpenSsl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=HaTools-Test-CA");
        OpenSsl("req -newkey rsa:2048 -keyout client.key -passout pass:s3cret -out client.csr -subj /CN=checker");
        OpenSsl("x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2");
        OpenSsl("req -x509 -newkey rsa:2048 -nodes -keyout server.key -out server.pem -days 2 -subj /CN=unrelated-server");
        OpenSsl("req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj /CN=Other-CA");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task Client_certificate_from_the_SSL_block_is_presented_to_a_server_that_requires_one()
    {
        await using var server = new ClientCertTlsServer(P("server.pem"), P("server.key"), P("ca.pem"));
        var tls = new TlsClientSettings { CaFile = P("ca.pem"), CertificateFile = P("client.pem"), KeyFile = P("client.key"), Password = "s3cret" }.Load();
        var r = await Get(server.Port, tls);
        Assert.True(r.Succeeded, r.FailureReason);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("CN=checker", server.LastClientSubject);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_handshake_is_refused_and_the_check_fails_with_a_reason()
    {
        await using var server = new ClientCertTlsServer(P("server.pem"), P("server.key"), P("ca.pem"));
        var r = await Get(server.Port, tls: null);
        Assert.False(r.Succeeded);
        Assert.Matches("TLS handshake failed|read error|no data received", r.FailureReason);
        Assert.Null(server.LastClientSubject);
    }

    [Fact]
    public async Task Server_certificate_is_not_verified_even_when_ca_names_another_authority()
    {
        // The server's self-signed certificate is not issued by other-ca.pem: keepalived connects anyway.
        await using var server = new ClientCertTlsServer(P("server.pem"), P("server.key"), requireFrom: null);
        var tls = new TlsClientSettings { CaFile = P("other-ca.pem") }.Load();
        var r = await Get(server.Port, tls);
        Assert.True(r.Succeeded, r.FailureReason);
    }

    [Fact]
    public void Unloadable_files_are_configuration_errors_naming_the_file()
    {
        File.WriteAllText(P("empty.pem"), "not a certificate");
        var ca = Assert.Throws<HaToolsException>(() => new TlsClientSettings { CaFile = P("empty.pem") }.Load());
        Assert.Equal(("SslCaFileInvalid", P("empty.pem")), (ca.ErrorId, ca.Target));
        var missing = Assert.Throws<HaToolsException>(() => new TlsClientSettings { CaFile = P("nope.pem") }.Load());
        Assert.Equal("SslCaFileInvalid", missing.ErrorId);
        var wrongPassword = Assert.Throws<HaToolsException>(() => new TlsClientSettings { CertificateFile = P("client.pem"), KeyFile = P("client.key"), Password = "wrong" }.Load());
        Assert.Equal("SslCertificateInvalid", wrongPassword.ErrorId);
        var keyOnly = Assert.Throws<HaToolsException>(() => new TlsClientSettings { KeyFile = P("client.key") }.Load());
        Assert.Equal("SslCertificateMissing", keyOnly.ErrorId);
        Assert.DoesNotContain("s3cret", new TlsClientSettings { Password = "s3cret" }.ToString());
    }

    [Fact]
    public void The_global_SSL_block_of_a_config_reaches_SSL_GET_checkers()
    {
        var config = KeepalivedConfigParser.ParseContent($$"""
            SSL {
                password s3cret
                ca {{P("ca.pem")}}
                certificate {{P("client.pem")}}
                key {{P("client.key")}}
            }
            virtual_server 10.0.0.1 443 {
                real_server 10.0.0.2 443 {
                    SSL_GET {
                        url {
                            path /
                        }
                    }
                }
            }
            """);
        var ssl = CheckOptionsMapper.SslFromConfig(config);
        Assert.Equal((P("ca.pem"), P("client.pem"), P("client.key"), "s3cret"), (ssl!.CaFile, ssl.CertificateFile, ssl.KeyFile, ssl.Password));
        var options = (SslGetCheckOptions)CheckOptionsMapper.FromConfig(config.VirtualServers[0].RealServers[0].Checkers[0], null, ssl);
        Assert.Equal("CN=checker", options.Tls!.ClientCertificate!.Subject);
        Assert.Single(options.Tls.CaCertificates!);
    }

    private static Task<HttpGetResult> Get(int port, LoadedTlsClientSettings? tls) =>
        new HttpGetClient().GetAsync(new HttpGetRequest { Server = IPAddress.Loopback, Port = port, Path = "/", UseSsl = true, Tls = tls, Timeout = TimeSpan.FromSeconds(3) });

    private void OpenSsl(string args)
    {
        var psi = new ProcessStartInfo("openssl") { WorkingDirectory = _dir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args.Split(' ')) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"openssl {args}: {err.Result}");
    }

    /// <summary>A loopback TLS server answering 200; with <c>requireFrom</c> it demands a client certificate issued by that CA.</summary>
    private sealed class ClientCertTlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _cert;
        private readonly X509Certificate2? _ca;
        private readonly Task _loop;

        public ClientCertTlsServer(string certFile, string keyFile, string? requireFrom)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            _cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            _ca = requireFrom is null ? null : X509CertificateLoader.LoadCertificateFromFile(requireFrom);
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string? LastClientSubject { get; private set; }

        private async Task Serve()
        {
            while (true)
            {
                TcpClient c;
                try { c = await _listener.AcceptTcpClientAsync(); }
                catch { return; }
                using (c)
                {
                    try
                    {
                        await using var ssl = new SslStream(c.GetStream());
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = _cert,
                            ClientCertificateRequired = _ca != null,
                            RemoteCertificateValidationCallback = (_, cert, _, _) => _ca is null || cert != null && IssuedBy(cert, _ca),
                        });
                        LastClientSubject = ssl.RemoteCertificate?.Subject;
                        var buf = new byte[4096];
                        await ssl.ReadAsync(buf);
                        await ssl.WriteAsync("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
                    }
                    catch
                    {
                        // A refused handshake is what some tests want.
                    }
                }
            }
        }

        private static bool IssuedBy(X509Certificate cert, X509Certificate2 ca)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(cert));
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try { await _loop.WaitAsync(TimeSpan.FromSeconds(2)); } catch { }
        }
    }
}
