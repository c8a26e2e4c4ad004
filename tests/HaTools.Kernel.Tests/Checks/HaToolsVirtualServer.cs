using HaTools.Core.Checks.VirtualServers;
using HaTools.Core.Config;
using HaTools.Core.Ipvs;
using HaTools.Core.Scripts;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// One virtual_server from keepalived.conf text run by the core as Start-VirtualServer runs it: the IPVS
/// service from IpvsConfigMapping, an <see cref="IpvsRealServerPool"/> over it and a
/// <see cref="VirtualServerMonitor"/> with real checks and the real script runner.
/// </summary>
public sealed class HaToolsVirtualServer : IAsyncDisposable
{
    private readonly IpvsClient _client;
    private readonly IReadOnlyList<IpvsService> _services;
    private readonly List<VirtualServerTransition> _transitions = new();
    private bool _stopped;

    private HaToolsVirtualServer(IpvsClient client, IReadOnlyList<IpvsService> services, VirtualServerMonitor monitor)
    {
        _client = client;
        _services = services;
        Monitor = monitor;
        Monitor.Transition += t => { lock (_transitions) _transitions.Add(t); };
    }

    public VirtualServerMonitor Monitor { get; }

    public IReadOnlyList<VirtualServerTransition> Transitions
    {
        get { lock (_transitions) return _transitions.ToArray(); }
    }

    public static async Task<HaToolsVirtualServer> StartAsync(string configText)
    {
        var config = KeepalivedConfigParser.ParseContent(configText);
        Assert.False(config.HasErrors, string.Join("\n", config.Diagnostics));
        var vs = Assert.Single(config.VirtualServers);
        var client = IpvsClient.Open();
        var services = IpvsConfigMapping.ToServices(vs);
        foreach (var s in services) client.AddService(s with { RealServers = Array.Empty<IpvsRealServer>() });
        var monitor = new VirtualServerMonitor(VirtualServerDefinitionBuilder.FromConfig(vs, config.TrackFiles), new IpvsRealServerPool(client, services), new ProcessScriptRunner());
        var running = new HaToolsVirtualServer(client, services, monitor);
        await monitor.StartAsync();
        return running;
    }

    /// <summary>Stops the checks, takes the destinations out, then removes the service.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Monitor.StopAsync(removeFromPool: true);
        foreach (var s in _services) _client.RemoveService(s with { RealServers = Array.Empty<IpvsRealServer>() });
        _client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (Exception) { /* the test already failed; IpvsKernelTest clears the table */ }
    }
}
