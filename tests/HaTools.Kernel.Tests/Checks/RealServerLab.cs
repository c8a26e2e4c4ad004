using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Linux.Netns;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// Real servers inside the VM: a network namespace behind a veth pair, one address per real server
/// (10.201.0.11, .12, …) and a TCP listener on each that a test stops and starts. The addresses are not
/// local to the balancer, so IPVS keeps the configured forwarding method (a local address would show as
/// "Local"). Listeners are sockets of this process created inside the namespace: stopping one closes it,
/// so the next connect gets a reset, as when a daemon dies.
/// </summary>
public sealed class RealServerLab : IDisposable
{
    public const string Subnet = "10.201.0";

    private readonly Dictionary<string, Listener> _listeners = new();

    public RealServerLab(int servers, int port = 80)
    {
        Port = port;
        Namespace = $"htcv{Environment.ProcessId}";
        Addresses = Enumerable.Range(11, servers).Select(i => IPAddress.Parse($"{Subnet}.{i}")).ToArray();
        // One shell for the whole setup: every process start is costly under TCG.
        var script = $"""
            set -e
            ip netns add {Namespace}
            ip link add {Namespace}a type veth peer name {Namespace}b netns {Namespace}
            ip addr add {Subnet}.1/24 dev {Namespace}a
            ip link set {Namespace}a up
            ip -n {Namespace} link set lo up
            ip -n {Namespace} link set {Namespace}b up
            {string.Join("\n", Addresses.Select(a => $"ip -n {Namespace} addr add {a}/24 dev {Namespace}b"))}
            """;
        Shell(script);
        foreach (var a in Addresses) Start(a);
    }

    public string Namespace { get; }

    public int Port { get; }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IPAddress this[int i] => Addresses[i];

    /// <summary>Starts (or restarts) the listener of one real server.</summary>
    public void Start(IPAddress address)
    {
        lock (_listeners)
        {
            if (_listeners.ContainsKey(address.ToString())) return;
            var socket = NetworkNamespace.Run(Namespace, () =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(new IPEndPoint(address, Port));
                s.Listen(64);
                return s;
            });
            _listeners[address.ToString()] = new Listener(socket);
        }
    }

    /// <summary>Stops the listener: connects to this real server are refused from now on.</summary>
    public void Stop(IPAddress address)
    {
        lock (_listeners)
        {
            if (_listeners.Remove(address.ToString(), out var l)) l.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_listeners)
        {
            foreach (var l in _listeners.Values) l.Dispose();
            _listeners.Clear();
        }
        // Deleting the namespace takes its veth end, and so the pair, with it.
        try { Shell($"ip netns del {Namespace}"); } catch (InvalidOperationException) { }
    }

    public static string Shell(string script)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException("shell script timed out:\n" + script);
        }
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"shell script failed ({p.ExitCode}): {stderr.Result}\n{script}");
        return stdout.Result;
    }

    /// <summary>A listening socket that accepts and drops every connection, so checks never fill its backlog.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly Socket _socket;
        private readonly Task _accepting;

        public Listener(Socket socket)
        {
            _socket = socket;
            _accepting = Task.Run(AcceptAsync);
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var c = await _socket.AcceptAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
