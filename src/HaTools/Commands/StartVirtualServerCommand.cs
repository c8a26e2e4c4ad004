using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Options;
using HaTools.Core.Checks.VirtualServers;
using HaTools.Core.Config;
using HaTools.Core.Ipvs;
using HaTools.Jobs.Checks;

namespace HaTools.Commands;

/// <summary>
/// Starts the health checkers of virtual servers (from Import-KeepalivedConfig) in a background job that
/// keeps their IPVS destinations in line with the checks, as keepalived's checker process does.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "VirtualServer", SupportsShouldProcess = true, DefaultParameterSetName = ConfigSet)]
[OutputType(typeof(VirtualServerJob))]
public sealed class StartVirtualServerCommand : HaToolsCmdlet
{
    public const string ConfigSet = "Config";

    private readonly List<(VirtualServerConfig Vs, KeepalivedConfig? Root)> _servers = new();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ConfigSet, ValueFromPipeline = true)]
    public object Config { get; set; } = null!;

    [Parameter]
    public string? Name { get; set; }

    [Parameter]
    public SwitchParameter MonitorOnly { get; set; }

    protected override void ProcessRecord()
    {
        var input = Config is PSObject p ? p.BaseObject : Config;
        switch (input)
        {
            case KeepalivedConfig k:
                foreach (var vs in k.VirtualServers) _servers.Add((vs, k));
                break;
            case VirtualServerConfig vs:
                _servers.Add((vs, null));
                break;
            default:
                WriteError(new HaToolsException("ConfigNotAVirtualServer", HaToolsErrorKind.InvalidArgument,
                    $"Start-VirtualServer takes a KeepalivedConfig or VirtualServerConfig from Import-KeepalivedConfig, not {input.GetType().Name}.", input));
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (_servers.Count == 0) return;
        IpvsClient? ipvs = null;
        var created = new List<IpvsService>();
        var monitors = new List<VirtualServerMonitor>();
        var factory = new HealthCheckFactory();
        try
        {
            if (!MonitorOnly)
            {
                EnsureLinux();
                try
                {
                    ipvs = IpvsClient.Open();
                }
                catch (Exception ex) when (ex is not PipelineStoppedException)
                {
                    ThrowTerminatingError(new HaToolsException("IpvsUnavailable", HaToolsErrorKind.ResourceUnavailable,
                        $"Cannot open IPVS (needs the ip_vs module and CAP_NET_ADMIN): {ex.Message}. Use -MonitorOnly to run the checks without IPVS.", null, ex));
                }
            }
            foreach (var (vs, root) in _servers)
            {
                VirtualServerDefinition definition;
                IReadOnlyList<IpvsService> services;
                try
                {
                    // From a whole config: its track files, global SSL block (SSL_GET) and virtual_server_groups apply.
                    var ssl = root is null ? null : CheckOptionsMapper.SslFromConfig(root);
                    definition = VirtualServerDefinitionBuilder.FromConfig(vs, root?.TrackFiles, factory, ssl);
                    services = ipvs is null ? Array.Empty<IpvsService>() : IpvsConfigMapping.ToServices(vs, root?.VirtualServerGroups);
                }
                catch (HaToolsException ex)
                {
                    WriteError(ex, vs);
                    continue;
                }
                // Confirm before touching IPVS: -WhatIf must not even create a service for a moment.
                if (!ShouldProcess(vs.Key, MonitorOnly ? "Run health checks (monitor only)" : "Run health checks and manage IPVS destinations")) continue;
                IRealServerPool pool = new ObservingRealServerPool();
                if (ipvs != null)
                {
                    foreach (var s in services)
                    {
                        var key = s with { RealServers = Array.Empty<IpvsRealServer>() };
                        if (ipvs.GetService(key) is null)
                        {
                            ipvs.AddService(key);
                            created.Add(key);
                        }
                    }
                    pool = new IpvsRealServerPool(ipvs, services);
                }
                monitors.Add(new VirtualServerMonitor(definition, pool, new Core.Scripts.ProcessScriptRunner()));
            }
            if (monitors.Count == 0)
            {
                Cleanup(ipvs, created);
                return;
            }
            var client = ipvs;
            var job = new VirtualServerJob(Name ?? "VirtualServer", MyInvocation.Line.Trim(), monitors, MonitorOnly,
                recordAttempts: MyInvocation.BoundParameters.ContainsKey("Verbose"), () => Cleanup(client, created));
            job.Register(this);
            job.StartJob();
            WriteObject(job);
        }
        catch
        {
            Cleanup(ipvs, created);
            throw;
        }
    }

    private static void Cleanup(IpvsClient? ipvs, List<IpvsService> created)
    {
        if (ipvs is null) return;
        foreach (var s in created)
        {
            try { ipvs.RemoveService(s); } catch (Exception) { }
        }
        ipvs.Dispose();
    }
}
