using System.Diagnostics;
using System.Net;

namespace HaTools.Network.Tests.Checks;

/// <summary>
/// One real server in its own network namespace (veth to the test's namespace, a /30 of our own), serving
/// a page with busybox httpd; the test can stop it, firewall it (nftables drop), slow it (netem) or make
/// the page 404. Everything is removed on Dispose.
/// </summary>
public sealed class RealServerLab : IDisposable
{
    private readonly string _hostIf;
    private Process? _httpd;

    public RealServerLab()
    {
        var id = Environment.ProcessId % 10000;
        Namespace = $"htchk{id}";
        _hostIf = $"htchk{id}h";
        var octet = 100 + id % 100;
        HostAddress = IPAddress.Parse($"10.231.{octet}.1");
        Address = IPAddress.Parse($"10.231.{octet}.2");
        Root = Directory.CreateTempSubdirectory("htchk-www-").FullName;
        File.WriteAllText(System.IO.Path.Combine(Root, "health.html"), "ok\n");
        Sh("ip", $"netns del {Namespace}", check: false);
        Sh("ip", $"link del {_hostIf}", check: false);
        Sh("ip", $"netns add {Namespace}");
        Sh("ip", $"link add {_hostIf} type veth peer name eth0 netns {Namespace}");
        Sh("ip", $"addr add {HostAddress}/30 dev {_hostIf}");
        Sh("ip", $"link set {_hostIf} up");
        Ns("ip", $"addr add {Address}/30 dev eth0");
        Ns("ip", "link set eth0 up");
        Ns("ip", "link set lo up");
        StartService();
    }

    public string Namespace { get; }

    public IPAddress HostAddress { get; }

    public IPAddress Address { get; }

    public int Port => 8080;

    public string Root { get; }

    public void StartService()
    {
        _httpd = Process.Start(new ProcessStartInfo("ip") { ArgumentList = { "netns", "exec", Namespace, "busybox", "httpd", "-f", "-p", $"{Address}:{Port}", "-h", Root }, RedirectStandardError = true, RedirectStandardOutput = true })!;
        WaitListening("busybox httpd");
    }

    /// <summary>Returns once the service accepts connections, so a fault or its undo is in place when the caller's clock starts.</summary>
    private void WaitListening(string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var c = new System.Net.Sockets.TcpClient();
                c.Connect(Address, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException(what + " did not start in " + Namespace);
    }

    public void StopService()
    {
        if (_httpd is { HasExited: false }) { _httpd.Kill(true); _httpd.WaitForExit(5000); }
        _httpd?.Dispose();
        _httpd = null;
    }

    public void Firewall() => Ns("nft", $"add table inet htchk ; add chain inet htchk input {{ type filter hook input priority 0 ; }} ; add rule inet htchk input tcp dport {Port} drop");

    public void Unfirewall() => Ns("nft", "delete table inet htchk");

    /// <summary>
    /// The service answers, but only after <paramref name="delay"/> (an overloaded backend): busybox nc runs a
    /// script per connection that sleeps, then replies. (netem would slow the link, but CI kernels may lack it.)
    /// </summary>
    public void Slow(TimeSpan delay)
    {
        StopService();
        var script = System.IO.Path.Combine(Root, "slow.sh");
        File.WriteAllText(script, $"#!/bin/sh\nsleep {delay.TotalSeconds:0.###}\nprintf 'HTTP/1.0 200 OK\\r\\n\\r\\nok\\n'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _slow = Process.Start(new ProcessStartInfo("ip") { ArgumentList = { "netns", "exec", Namespace, "busybox", "nc", "-ll", "-p", Port.ToString(), "-e", script }, RedirectStandardError = true, RedirectStandardOutput = true })!;
        WaitListening("busybox nc");
    }

    public void Unslow()
    {
        if (_slow is { HasExited: false }) { _slow.Kill(true); _slow.WaitForExit(5000); }
        _slow?.Dispose();
        _slow = null;
        StartService();
    }

    private Process? _slow;

    public void Break404() => File.Move(System.IO.Path.Combine(Root, "health.html"), System.IO.Path.Combine(Root, "gone.html"));

    public void Fix404() => File.Move(System.IO.Path.Combine(Root, "gone.html"), System.IO.Path.Combine(Root, "health.html"));

    public void Dispose()
    {
        StopService();
        if (_slow is { HasExited: false }) _slow.Kill(true);
        Sh("ip", $"netns del {Namespace}", check: false);
        Sh("ip", $"link del {_hostIf}", check: false);
        try { Directory.Delete(Root, true); } catch { }
    }

    private void Ns(string cmd, string args) => Sh("ip", $"netns exec {Namespace} {cmd} {args}");

    private static void Sh(string cmd, string args, bool check = true)
    {
        var psi = new ProcessStartInfo(cmd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args.Split(' ', StringSplitOptions.RemoveEmptyEntries)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (check && p.ExitCode != 0) throw new InvalidOperationException($"{cmd} {args}: {err.Trim()}");
    }
}
