using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Removes real servers from IPVS services (ipvsadm -d).</summary>
[Cmdlet(VerbsCommon.Remove, "IpvsRealServer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class RemoveIpvsRealServerCommand : IpvsCommandBase
{
    public const string InputObjectSet = "InputObject";
    public const string EndpointSet = "Endpoint";
    public const string FirewallMarkSet = "FirewallMark";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public IpvsRealServer[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = EndpointSet)]
    [IpvsAddressTransformation]
    public IPAddress Address { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = EndpointSet)]
    public ushort Port { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    public IpvsProtocol Protocol { get; set; } = IpvsProtocol.TCP;

    [Parameter(Mandatory = true, ParameterSetName = FirewallMarkSet)]
    [ValidateRange(1, uint.MaxValue)]
    public uint FirewallMark { get; set; }

    [Parameter(ParameterSetName = FirewallMarkSet)]
    public SwitchParameter IPv6 { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = EndpointSet)]
    [Parameter(Mandatory = true, ParameterSetName = FirewallMarkSet)]
    [IpvsAddressTransformation]
    public IPAddress RealAddress { get; set; } = null!;

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    public ushort? RealPort { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var targets = new List<(IpvsService Service, IpvsRealServer Server)>();
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var rs in InputObject)
            {
                if (rs.Service == null)
                    WriteError(new HaToolsException("IpvsRealServerWithoutService", HaToolsErrorKind.InvalidArgument,
                        $"Real server {rs.Name} does not say which service it belongs to; pipe it from Get-IpvsRealServer.", rs));
                else
                    targets.Add((rs.Service, rs));
            }
        }
        else
        {
            var svc = ServiceKey(Address, Port, Protocol, FirewallMark, IPv6);
            targets.Add((svc, new IpvsRealServer { Service = svc, Address = RealAddress, Port = RealPort ?? svc.Port }));
        }
        foreach (var (service, server) in targets)
        {
            if (!ShouldProcess($"{service.Name} -> {server.Name}", "Remove real server"))
                continue;
            if (TryCore(() => Client.RemoveRealServer(service, server)) && PassThru)
                WriteObject(server);
        }
    }
}
