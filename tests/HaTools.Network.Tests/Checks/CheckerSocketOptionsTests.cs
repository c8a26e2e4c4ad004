using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Options;
using HaTools.Core.Linux.Netns;

namespace HaTools.Network.Tests.Checks;

/// <summary>
/// fwmark (SO_MARK) and bind_if (SO_BINDTODEVICE) on checker sockets, proved in a namespace of our own:
/// nftables drops checker traffic without the mark and counts marked packets; a checker bound to a dummy
/// interface (one end of a veth pair) cannot reach a loopback server, bound to lo it can. keepalived.conf(5) generic connection options.
/// </summary>
public sealed class CheckerSocketOptionsTests : IDisposable
{
    private const int Port = 8080;
    private const int UdpPort = 5353;
    private const uint Mark = 77;
    private readonly string _ns = $"htmk{Environment.ProcessId % 100000}";
    private TcpListener _http = null!;
    private Socket _udp = null!;
    private readonly CancellationTokenSource _stop = new();

    public CheckerSocketOptionsTests()
    {
        Sh("ip", "netns", "del", _ns);
        Sh("ip", "netns", "add", _ns).Check();
        try
        {
            Setup();
        }
        catch
        {
            Sh("ip", "netns", "del", _ns);
            throw;
        }
        _ = Task.Run(ServeHttp);
        _ = Task.Run(ServeUdp);
    }

    private void Setup()
    {
        Ns("ip", "link", "set", "lo", "up").Check();
        // A veth pair inside the namespace: an interface that does not lead to the loopback server.
        Ns("ip", "link", "add", "htd0", "type", "veth", "peer", "name", "htd1").Check();
        Ns("ip", "addr", "add", "10.77.0.1/24", "dev", "htd0").Check();
        Ns("ip", "link", "set", "htd0", "up").Check();
        Ns("ip", "link", "set", "htd1", "up").Check();
        NsInput($$"""
            table inet htmark {
                chain out {
                    type filter hook output priority 0;
                    meta mark {{Mark}} counter comment "marked"
                    tcp dport {{Port}} meta mark != {{Mark}} drop
                    udp dport {{UdpPort}} meta mark != {{Mark}} drop
                }
            }
            """, "nft", "-f", "-").Check();
        (_http, _udp) = NetworkNamespace.Run(_ns, () =>
        {
            var l = new TcpListener(IPAddress.Loopback, Port);
            l.Start();
            var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            u.Bind(new IPEndPoint(IPAddress.Loopback, UdpPort));
            return (l, u);
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _http?.Stop();
        _udp?.Dispose();
        Sh("ip", "netns", "del", _ns);
    }

    private static CheckEndpoint Endpoint(int port, CheckSocketOptions? options) =>
        new(IPAddress.Loopback, port, null, 0, TimeSpan.FromMilliseconds(700)) { SocketOptions = options };

    /// <summary>Sockets keep the namespace they are created in; checkers create theirs before their first await.</summary>
    private Task<CheckAttempt> RunInNamespace(IHealthCheck check) => NetworkNamespace.Run(_ns, () => check.RunAsync(CancellationToken.None));

    [Fact]
    public async Task Tcp_http_and_udp_checkers_mark_their_packets_with_fwmark()
    {
        var marked = new CheckSocketOptions { FirewallMark = Mark };
        var unmarked = new CheckSocketOptions { FirewallMark = Mark + 1 };
        var before = MarkedPackets();

        Assert.False((await RunInNamespace(new TcpHealthCheck(Endpoint(Port, new CheckSocketOptions { BindInterface = "lo" })))).Success);
        Assert.False((await RunInNamespace(new TcpHealthCheck(Endpoint(Port, unmarked)))).Success);
        Assert.Equal(before, MarkedPackets());

        var tcp = await RunInNamespace(new TcpHealthCheck(Endpoint(Port, marked)));
        Assert.True(tcp.Success, tcp.Reason);
        var http = await RunInNamespace(new HttpGetHealthCheck(Endpoint(Port, marked), new HttpGetCheckOptions { Urls = new[] { new UrlCheckOptions { Path = "/" } } }));
        Assert.True(http.Success, http.Reason);
        var udp = await RunInNamespace(new UdpHealthCheck(Endpoint(UdpPort, marked), "01 02", requireReply: true));
        Assert.True(udp.Success, udp.Reason);
        var udpUnmarked = await RunInNamespace(new UdpHealthCheck(Endpoint(UdpPort, null), "01 02", requireReply: true));
        Assert.False(udpUnmarked.Success);
        Assert.True(MarkedPackets() > before, "nftables counted no packet with the mark");
    }

    [Fact]
    public async Task Bind_if_sends_the_check_out_of_the_named_interface()
    {
        var viaLo = await RunInNamespace(new TcpHealthCheck(Endpoint(Port, new CheckSocketOptions { BindInterface = "lo", FirewallMark = Mark })));
        Assert.True(viaLo.Success, viaLo.Reason);
        var viaDummy = await RunInNamespace(new TcpHealthCheck(Endpoint(Port, new CheckSocketOptions { BindInterface = "htd0", FirewallMark = Mark })));
        Assert.False(viaDummy.Success); // 127.0.0.1 is not reachable out of a veth end
        var missing = await RunInNamespace(new TcpHealthCheck(Endpoint(Port, new CheckSocketOptions { BindInterface = "nosuch0" })));
        Assert.False(missing.Success);
        Assert.Equal("cannot bind to interface nosuch0: no such device", missing.Reason);
    }

    [Fact]
    public async Task Config_keywords_reach_the_socket_through_the_factory()
    {
        var options = CheckOptionsMapper.FromConfig(HaTools.Core.Config.KeepalivedConfigParser.ParseContent($$"""
            virtual_server 127.0.0.1 {{Port}} {
                real_server 127.0.0.1 {{Port}} {
                    TCP_CHECK {
                        fwmark {{Mark}}
                        bind_if lo
                        connect_timeout 1
                    }
                }
            }
            """).VirtualServers[0].RealServers[0].Checkers[0]);
        var check = new HealthCheckFactory().Create(options, IPAddress.Loopback, Port, options.ResolveTiming());
        var r = await RunInNamespace(check);
        Assert.True(r.Success, r.Reason);
    }

    private long MarkedPackets()
    {
        var text = Ns("nft", "list", "chain", "inet", "htmark", "out").Check().Output;
        var line = text.Split('\n').First(l => l.Contains("\"marked\""));
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(words[Array.IndexOf(words, "packets") + 1]);
    }

    private async Task ServeHttp()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var c = await _http.AcceptTcpClientAsync(_stop.Token);
                var s = c.GetStream();
                var buf = new byte[4096];
                await s.ReadAsync(buf, _stop.Token);
                await s.WriteAsync("HTTP/1.0 200 OK\r\n\r\nok"u8.ToArray(), _stop.Token);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { if (_stop.IsCancellationRequested) return; }
            catch (IOException) { }
        }
    }

    private async Task ServeUdp()
    {
        var buf = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _udp.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                await _udp.SendToAsync(buf.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint, _stop.Token);
            }
            catch { return; }
        }
    }

    private Result Ns(string cmd, params string[] args) => Sh("ip", new[] { "netns", "exec", _ns, cmd }.Concat(args).ToArray(), null);

    private Result NsInput(string stdin, string cmd, params string[] args) => Sh("ip", new[] { "netns", "exec", _ns, cmd }.Concat(args).ToArray(), stdin);

    private static Result Sh(string cmd, params string[] args) => Sh(cmd, args, null);

    private static Result Sh(string cmd, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(cmd) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = stdin != null };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new Result($"{cmd} {string.Join(' ', args)}", p.ExitCode, output, err.Result);
    }

    private sealed record Result(string Command, int ExitCode, string Output, string Error)
    {
        public Result Check() => ExitCode == 0 ? this : throw new InvalidOperationException($"{Command}: {Error.Trim()}");
    }
}
