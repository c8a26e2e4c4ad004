using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Config;
using HaTools.Core.Ipvs;
using IpvsProtocol = HaTools.Core.Ipvs.IpvsProtocol;

namespace HaTools.Commands;

/// <summary>Creates IPVS virtual services (ipvsadm -A), from parameters, service objects or keepalived virtual_server blocks.</summary>
[Cmdlet(VerbsCommon.New, "IpvsService", SupportsShouldProcess = true, DefaultParameterSetName = EndpointSet)]
[OutputType(typeof(IpvsService))]
public sealed class NewIpvsServiceCommand : IpvsCommandBase
{
    public const string EndpointSet = "Endpoint";
    public const string FirewallMarkSet = "FirewallMark";
    public const string ConfigSet = "Config";
    public const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointSet, ValueFromPipelineByPropertyName = true)]
    [IpvsAddressTransformation]
    public IPAddress Address { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = EndpointSet, ValueFromPipelineByPropertyName = true)]
    public ushort Port { get; set; }

    [Parameter(ParameterSetName = EndpointSet, ValueFromPipelineByPropertyName = true)]
    public IpvsProtocol Protocol { get; set; } = IpvsProtocol.TCP;

    [Parameter(Mandatory = true, ParameterSetName = FirewallMarkSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, uint.MaxValue)]
    public uint FirewallMark { get; set; }

    [Parameter(ParameterSetName = FirewallMarkSet)]
    public SwitchParameter IPv6 { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ConfigSet, ValueFromPipeline = true)]
    public VirtualServerConfig[] Config { get; set; } = [];

    [Parameter(ParameterSetName = ConfigSet)]
    public VirtualServerGroupConfig[] VirtualServerGroup { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public IpvsService[] InputObject { get; set; } = [];

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    [ValidateSet("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos")]
    public string Scheduler { get; set; } = "wlc";

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    [ValidateSet("sh-fallback", "sh-port", "mh-fallback", "mh-port", "flag-1", "flag-2", "flag-3")]
    public string[]? SchedulerFlags { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    public SwitchParameter Persistent { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    [ValidateRange(1, int.MaxValue)]
    public uint PersistenceTimeout { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    [IpvsAddressTransformation]
    public IPAddress? PersistenceNetmask { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    [ValidateRange(1, 128)]
    public int PersistencePrefixLength { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    public SwitchParameter OnePacket { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    [ValidateSet("sip")]
    public string? PersistenceEngine { get; set; }

    protected override void ProcessRecord()
    {
        var services = new List<IpvsService>();
        switch (ParameterSetName)
        {
            case ConfigSet:
                foreach (var vs in Config)
                {
                    try
                    {
                        services.AddRange(IpvsConfigMapping.ToServices(vs, VirtualServerGroup));
                    }
                    catch (HaToolsException ex)
                    {
                        WriteError(ex);
                    }
                }
                break;
            case InputObjectSet:
                services.AddRange(InputObject);
                break;
            default:
                services.Add(FromParameters());
                break;
        }
        foreach (var service in services)
            Create(service);
    }

    private IpvsService FromParameters()
    {
        var key = ServiceKey(Address, Port, Protocol, FirewallMark, IPv6);
        var persistent = Persistent.IsPresent || PersistenceTimeout != 0 || PersistenceNetmask != null || PersistencePrefixLength != 0;
        int? prefix = PersistencePrefixLength != 0 ? PersistencePrefixLength : PrefixFromNetmask(PersistenceNetmask);
        if (prefix is > 32 && key.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            ThrowTerminatingError(new HaToolsException("IpvsInvalidPrefixLength", HaToolsErrorKind.InvalidArgument,
                $"-PersistencePrefixLength {prefix} is longer than an IPv4 address.", prefix));
        var flags = ParseSchedulerFlags(SchedulerFlags);
        if (persistent) flags |= IpvsServiceFlags.Persistent;
        if (OnePacket) flags |= IpvsServiceFlags.OnePacket;
        return key with
        {
            Scheduler = Scheduler,
            Flags = flags,
            PersistenceTimeout = persistent ? (PersistenceTimeout != 0 ? PersistenceTimeout : IpvsSaveFormat.DefaultPersistenceTimeout) : 0,
            PersistencePrefixLength = persistent ? prefix : null,
            PersistenceEngine = PersistenceEngine,
        };
    }

    private void Create(IpvsService service)
    {
        if (!ShouldProcess(service.Name, "Create IPVS service (" + IpvsSaveFormat.FormatService(service, "-A") + ")"))
            return;
        var changes = new List<IpvsChange> { new(IpvsChangeKind.AddService, service) };
        changes.AddRange(service.RealServers.Select(r => new IpvsChange(IpvsChangeKind.AddRealServer, service, r)));
        IReadOnlyList<IpvsChangeResult> results;
        try
        {
            results = Client.Apply(changes);
        }
        catch (HaToolsException ex)
        {
            WriteError(ex);
            return;
        }
        foreach (var r in results.Where(r => !r.Succeeded))
            WriteError(r.Error!);
        if (!results[0].Succeeded)
            return;
        var created = FindService(service);
        if (created != null)
            WriteObject(service.RealServers.Count > 0 ? created with { RealServers = Client.GetRealServers(created) } : created);
    }
}
