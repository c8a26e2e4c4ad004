using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HaTools.Core.Linux.Netns;
using HaTools.Core.Linux.Packet;
using HaTools.Core.Linux.Sockets;

namespace HaTools.Core.Lab;

/// <summary>
/// A throw-away failover lab: N node namespaces and a client namespace joined by a bridge that lives in
/// its own switch namespace, so the host's network is never touched. It runs programs in the nodes,
/// kills them, partitions VRRP with nftables, takes links down, tells who holds a VIP (by `ip addr`
/// and by asking ARP from the client), keeps a timeline, and removes every namespace on Dispose.
/// </summary>
public sealed class FailoverLab : IDisposable
{
    private const string PartitionTable = "htlab_partition";
    private static int s_sequence;
    private readonly List<LabProcess> _processes = new();
    private readonly List<string> _namespaces = new();
    private readonly List<LabEvent> _timeline = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly LabOptions _options;
    private readonly HashSet<string> _linksDown = new();
    private ArpSocket? _clientArp;
    private bool _disposed;

    private FailoverLab(string id, LabOptions options)
    {
        Id = id;
        _options = options;
        Directory = Path.Combine(Path.GetTempPath(), id);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Unique id of this lab; every namespace name starts with it.</summary>
    public string Id { get; }

    /// <summary>A scratch directory for configs, pid files and logs; removed on Dispose.</summary>
    public string Directory { get; }

    public IReadOnlyList<LabNode> Nodes { get; private set; } = Array.Empty<LabNode>();

    public LabNode Client { get; private set; } = null!;

    /// <summary>The namespace that holds the bridge.</summary>
    public string SwitchNamespace => Id + "sw";

    /// <summary>Everything that happened, in order.</summary>
    public IReadOnlyList<LabEvent> Timeline
    {
        get
        {
            lock (_timeline)
            {
                return _timeline.ToArray();
            }
        }
    }

    /// <summary>Time since the lab was created (the timeline's clock).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Builds a lab with <paramref name="nodeCount"/> nodes; on any failure everything made so far is removed.</summary>
    public static FailoverLab Create(int nodeCount, LabOptions? options = null)
    {
        options ??= new LabOptions();
        if (nodeCount < 1 || nodeCount > 50)
        {
            throw new HaToolsException("InvalidNodeCount", HaToolsErrorKind.InvalidArgument, $"A lab has 1 to 50 nodes, not {nodeCount}.", nodeCount);
        }

        RequireTool("ip");

        // A crashed earlier run cannot dispose its lab; its namespaces carry its dead pid, so sweep them here.
        RemoveStale(options.Prefix);
        string id = string.Create(CultureInfo.InvariantCulture, $"{options.Prefix}{Environment.ProcessId}x{Interlocked.Increment(ref s_sequence)}");
        var lab = new FailoverLab(id, options);
        try
        {
            lab.Build(nodeCount);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Removes namespaces left by labs whose process is gone (a crashed test run); returns how many.</summary>
    public static int RemoveStale(string prefix = "htlab")
    {
        if (!System.IO.Directory.Exists(NetworkNamespace.RunDirectory))
        {
            return 0;
        }

        int removed = 0;
        foreach (var path in System.IO.Directory.GetFiles(NetworkNamespace.RunDirectory, prefix + "*"))
        {
            string name = Path.GetFileName(path);
            var digits = new string(name.AsSpan(prefix.Length).ToArray().TakeWhile(char.IsDigit).ToArray());
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !System.IO.Directory.Exists("/proc/" + pid))
            {
                Run(null, TimeSpan.FromSeconds(10), "ip", "netns", "del", name);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Adds a line to the timeline.</summary>
    public void Record(string kind, string? node, string message)
    {
        lock (_timeline)
        {
            _timeline.Add(new LabEvent(_clock.Elapsed, DateTimeOffset.UtcNow, kind, node, message));
        }
    }

    /// <summary>Runs a command inside <paramref name="node"/>'s namespace and waits for it.</summary>
    public LabCommandResult Exec(LabNode node, params string[] arguments) => Exec(node.Namespace, arguments);

    /// <summary>Runs a command inside namespace <paramref name="ns"/> (null: this namespace) and waits for it.</summary>
    public LabCommandResult Exec(string? ns, params string[] arguments) => Run(ns, _options.CommandTimeout, arguments);

    /// <summary>Like <see cref="Exec(LabNode, string[])"/> but throws LabCommandFailed when the command fails.</summary>
    public LabCommandResult ExecChecked(string? ns, params string[] arguments)
    {
        var result = Exec(ns, arguments);
        if (!result.Succeeded)
        {
            throw new HaToolsException("LabCommandFailed", HaToolsErrorKind.InvalidOperation, "Lab command failed: " + result, result);
        }

        return result;
    }

    /// <summary>Starts a long-running program in <paramref name="node"/>; it is killed on Dispose at the latest.</summary>
    public LabProcess Start(LabNode node, string name, params string[] arguments)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "netns", "exec", node.Namespace }.Concat(arguments))
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new HaToolsException("LabStartFailed", HaToolsErrorKind.InvalidOperation, $"Could not start {arguments[0]}.", arguments);
        var labProcess = new LabProcess(name, node.Namespace, process);
        lock (_processes)
        {
            _processes.Add(labProcess);
        }

        Record("start", node.Name, $"{name}: {string.Join(' ', arguments)} (pid {labProcess.Id})");
        return labProcess;
    }

    /// <summary>
    /// Starts a VRRP router (HaTools or keepalived) in <paramref name="node"/>. Unlike <see cref="Start"/>, its life
    /// decides the node's <see cref="Condition"/>: killing it plays a host crash, stopping it a clean leave.
    /// </summary>
    public LabProcess StartRouter(LabNode node, string name, params string[] arguments)
    {
        var process = Start(node, name, arguments);
        process.IsRouter = true;
        return process;
    }

    /// <summary>
    /// The node's condition from its latest router: Healthy when it runs with its link up, Crashed after
    /// <see cref="Kill"/>, Stopped when it exited otherwise, NoRouter when none was started.
    /// </summary>
    public LabNodeCondition Condition(LabNode node)
    {
        LabProcess? router;
        lock (_processes)
        {
            router = _processes.LastOrDefault(p => p.IsRouter && p.Namespace == node.Namespace);
        }

        bool linkDown;
        lock (_linksDown)
        {
            linkDown = _linksDown.Contains(node.Name);
        }

        return router switch
        {
            null => LabNodeCondition.NoRouter,
            { WasKilled: true } => LabNodeCondition.Crashed,
            { HasExited: true } => LabNodeCondition.Stopped,
            _ when linkDown => LabNodeCondition.LinkDown,
            _ => LabNodeCondition.Healthy,
        };
    }

    /// <summary>SIGKILLs <paramref name="process"/>: no goodbye advert, its VIPs stay configured.</summary>
    public void Kill(LabProcess process)
    {
        process.Kill();
        Record("kill", NodeOf(process)?.Name, $"SIGKILL {process.Name} (pid {process.Id})");
    }

    /// <summary>Drops all VRRP (IP protocol 112, IPv4 and IPv6) to and from <paramref name="node"/> with nftables.</summary>
    public void Partition(LabNode node)
    {
        string rules = $"table inet {PartitionTable} {{\n" +
                       "  chain input { type filter hook input priority -300; policy accept; meta l4proto 112 drop; }\n" +
                       "  chain output { type filter hook output priority -300; policy accept; meta l4proto 112 drop; }\n" +
                       "}\n";
        string file = Path.Combine(Directory, $"partition-{node.Name}.nft");
        File.WriteAllText(file, rules);
        ExecChecked(node.Namespace, "nft", "-f", file);
        Record("partition", node.Name, "VRRP dropped in and out (nftables)");
    }

    /// <summary>Removes the partition of <paramref name="node"/>.</summary>
    public void Heal(LabNode node)
    {
        ExecChecked(node.Namespace, "nft", "delete", "table", "inet", PartitionTable);
        Record("heal", node.Name, "VRRP flows again");
    }

    /// <summary>Sets <paramref name="node"/>'s bridge interface down or up.</summary>
    public void SetLink(LabNode node, bool up)
    {
        ExecChecked(node.Namespace, "ip", "link", "set", "dev", node.Interface, up ? "up" : "down");
        lock (_linksDown)
        {
            if (up)
            {
                _linksDown.Remove(node.Name);
            }
            else
            {
                _linksDown.Add(node.Name);
            }
        }

        Record(up ? "link-up" : "link-down", node.Name, node.Interface);
    }

    /// <summary>Addresses configured on <paramref name="node"/>'s bridge interface, as `ip -j addr` reports them.</summary>
    public IReadOnlyList<LabAddress> Addresses(LabNode node)
    {
        var result = ExecChecked(node.Namespace, "ip", "-j", "addr", "show", "dev", node.Interface);
        return LabAddress.ParseIpJson(result.StandardOutput);
    }

    /// <summary>The nodes that have <paramref name="vip"/> configured right now.</summary>
    public IReadOnlyList<LabNode> NodesHolding(IPAddress vip) =>
        Nodes.Where(n => Addresses(n).Any(a => a.Address.Equals(vip))).ToArray();

    /// <summary>
    /// Asks from the client, by ARP, who answers for <paramref name="vip"/>: the node whose MAC replied,
    /// or null when nobody answers within <paramref name="timeout"/>.
    /// </summary>
    public LabNode? WhoAnswersArp(IPAddress vip, TimeSpan timeout)
    {
        var mac = ArpFromClient(vip, timeout);
        if (mac is null)
        {
            return null;
        }

        string text = string.Join(":", mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return Nodes.FirstOrDefault(n => n.HardwareAddress == text);
    }

    /// <summary>One ARP request for <paramref name="vip"/> from the client; the replying MAC or null.</summary>
    public byte[]? ArpFromClient(IPAddress vip, TimeSpan timeout)
    {
        var socket = ClientArpSocket();
        socket.Drain();
        socket.SendRequest(Client.IPv4, vip);
        return socket.WaitReply(vip, timeout);
    }

    /// <summary>
    /// Probes <paramref name="vip"/> by ARP from the client every <paramref name="interval"/> until
    /// <paramref name="node"/> answers; returns when that happened (lab clock), or null on timeout.
    /// </summary>
    public TimeSpan? WaitUntilAnswering(IPAddress vip, LabNode node, TimeSpan interval, TimeSpan timeout)
    {
        var socket = ClientArpSocket();

        // Replies to the previous probe run may still be queued; they would look like an instant answer.
        socket.Drain();
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            socket.SendRequest(Client.IPv4, vip);
            var waitUntil = _clock.Elapsed + interval;
            while (_clock.Elapsed < waitUntil)
            {
                var mac = socket.WaitReply(vip, waitUntil - _clock.Elapsed);
                if (mac is not null && string.Join(":", mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) == node.HardwareAddress)
                {
                    var at = _clock.Elapsed;
                    Record("arp", node.Name, $"{vip} answered by {node.HardwareAddress}");
                    return at;
                }
            }
        }

        return null;
    }

    /// <summary>The client's ARP cache entry for <paramref name="ip"/> (MAC text), or null.</summary>
    public string? ClientNeighbor(IPAddress ip)
    {
        var result = Exec(Client.Namespace, "ip", "-j", "neigh", "show", ip.ToString());
        if (!result.Succeeded || string.IsNullOrWhiteSpace(result.StandardOutput))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(result.StandardOutput);
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("lladdr", out var ll))
            {
                return ll.GetString();
            }
        }

        return null;
    }

    /// <summary>
    /// Polls the client's neighbour cache until <paramref name="ip"/> resolves to <paramref name="node"/>'s MAC; returns
    /// when (lab clock), or null on timeout. After a takeover the cache keeps the dead master's MAC (the kernel ignores
    /// ARP replies within locktime of the last update) until the new master's gratuitous ARP arrives.
    /// </summary>
    public TimeSpan? WaitUntilClientNeighbor(IPAddress ip, LabNode node, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        do
        {
            if (ClientNeighbor(ip) == node.HardwareAddress)
            {
                var at = _clock.Elapsed;
                Record("client", null, $"ARP cache: {ip} is at {node.HardwareAddress} ({node.Name})");
                return at;
            }

            Thread.Sleep(10);
        }
        while (_clock.Elapsed < deadline);

        return null;
    }

    /// <summary>True when the client can ping <paramref name="ip"/> once within a second.</summary>
    public bool ClientPing(IPAddress ip)
    {
        var result = Exec(Client.Namespace, "ping", "-c", "1", "-W", "1", ip.ToString());
        return result.Succeeded;
    }

    /// <summary>The node whose namespace a process runs in.</summary>
    public LabNode? NodeOf(LabProcess process) => Nodes.FirstOrDefault(n => n.Namespace == process.Namespace);

    /// <summary>Kills every program started here, removes every namespace and the scratch directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _clientArp?.Dispose();
        LabProcess[] processes;
        lock (_processes)
        {
            processes = _processes.ToArray();
        }

        foreach (var p in processes)
        {
            p.Dispose();
        }

        foreach (var ns in _namespaces.AsEnumerable().Reverse())
        {
            Run(null, TimeSpan.FromSeconds(10), "ip", "netns", "del", ns);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ArpSocket ClientArpSocket()
    {
        return _clientArp ??= NetworkNamespace.Run(Client.Namespace, () => ArpSocket.Open(InterfaceQuery.Get(Client.Interface)));
    }

    private void Build(int nodeCount)
    {
        var nodes = new List<LabNode>();
        for (int i = 1; i <= nodeCount; i++)
        {
            nodes.Add(MakeNode("n" + i.ToString(CultureInfo.InvariantCulture), i + 1));
        }

        Client = MakeNode("client", 100);
        Nodes = nodes;

        AddNamespace(SwitchNamespace);
        ExecChecked(SwitchNamespace, "ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "forward_delay", "0");
        ExecChecked(SwitchNamespace, "ip", "link", "set", "br0", "up");
        foreach (var node in nodes.Append(Client))
        {
            AddNamespace(node.Namespace);
            ExecChecked(node.Namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            ExecChecked(SwitchNamespace, "ip", "link", "add", node.Name, "type", "veth", "peer", "name", node.Interface, "netns", node.Namespace);
            ExecChecked(SwitchNamespace, "ip", "link", "set", node.Name, "master", "br0", "up");
            ExecChecked(node.Namespace, "ip", "addr", "add", $"{node.IPv4}/{node.PrefixLength4}", "dev", node.Interface);
            ExecChecked(node.Namespace, "ip", "addr", "add", $"{node.IPv6}/{node.PrefixLength6}", "dev", node.Interface, "nodad");
            ExecChecked(node.Namespace, "ip", "link", "set", node.Interface, "up");
            var details = NetworkNamespace.Run(node.Namespace, () => InterfaceQuery.Get(node.Interface));
            node.HardwareAddress = details.HardwareAddressText;
            node.LinkLocal = details.LinkLocalIPv6;
        }

        Record("lab", null, $"{nodeCount} nodes + client on bridge {SwitchNamespace}/br0: " + string.Join(", ", nodes.Append(Client)));
    }

    private LabNode MakeNode(string name, int host)
    {
        var v4 = _options.Network4.GetAddressBytes();
        v4[3] = (byte)host;
        var v6 = _options.Network6.GetAddressBytes();
        v6[15] = (byte)host;
        return new LabNode(name, Id + name, "eth0", new IPAddress(v4), _options.PrefixLength4, new IPAddress(v6), _options.PrefixLength6);
    }

    private void AddNamespace(string ns)
    {
        ExecChecked(null, "ip", "netns", "add", ns);
        _namespaces.Add(ns);
        ExecChecked(ns, "ip", "link", "set", "lo", "up");
    }

    private static void RequireTool(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        if (!path.Split(':').Append("/usr/sbin").Append("/sbin").Any(d => File.Exists(Path.Combine(d, tool))))
        {
            throw new HaToolsException("LabToolMissing", HaToolsErrorKind.NotInstalled, $"The lab needs '{tool}' (iproute2) on PATH.", tool);
        }
    }

    private static LabCommandResult Run(string? ns, TimeSpan timeout, params string[] arguments)
    {
        var argv = ns is null ? arguments : new[] { "ip", "netns", "exec", ns }.Concat(arguments).ToArray();
        var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new LabCommandResult(ns ?? string.Empty, arguments, -1, stdout.Result, "timed out after " + timeout);
        }

        return new LabCommandResult(ns ?? string.Empty, arguments, process.ExitCode, stdout.Result, stderr.Result);
    }
}
