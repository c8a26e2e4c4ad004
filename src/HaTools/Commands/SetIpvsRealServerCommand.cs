using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Changes a real server's weight, thresholds or forwarding (ipvsadm -e); weight 0 drains it.</summary>
[Cmdlet(VerbsCommon.Set, "IpvsRealServer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class SetIpvsRealServerCommand : IpvsCommandBase
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
    [ValidateRange(0, 65535)]
    public int? Weight { get; set; }

    [Parameter]
    public uint? UpperThreshold { get; set; }

    [Parameter]
    public uint? LowerThreshold { get; set; }

    [Parameter]
    [ValidateSet("Masquerade", "DirectRouting", "Tunnel")]
    public IpvsForwardingMethod? ForwardingMethod { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var targets = new List<(IpvsService Service, IpvsRealServer Key)>();
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var rs in InputObject)
            {
                if (rs.Service == null)
                {
                    WriteError(new HaToolsException("IpvsRealServerWithoutService", HaToolsErrorKind.InvalidArgument,
                        $"Real server {rs.Name} does not say which service it belongs to; pipe it from Get-IpvsRealServer.", rs));
                    continue;
                }
                targets.Add((rs.Service, rs));
            }
        }
        else
        {
            var svc = ServiceKey(Address, Port, Protocol, FirewallMark, IPv6);
            targets.Add((svc, new IpvsRealServer { Address = RealAddress, Port = RealPort ?? svc.Port }));
        }
        foreach (var (service, key) in targets)
        {
            IpvsRealServer? current;
            try
            {
                current = Client.GetRealServers(service).FirstOrDefault(r => r.HasSameKey(key));
            }
            catch (HaToolsException ex)
            {
                WriteError(ex);
                continue;
            }
            if (current == null)
            {
                WriteError(new HaToolsException("IpvsRealServerNotFound", HaToolsErrorKind.ObjectNotFound,
                    $"No such real server {key.Name} in service {service.Name}.", key));
                continue;
            }
            var wanted = current with
            {
                Weight = Weight ?? current.Weight,
                UpperThreshold = UpperThreshold ?? current.UpperThreshold,
                LowerThreshold = LowerThreshold ?? current.LowerThreshold,
                ForwardingMethod = ForwardingMethod ?? current.ForwardingMethod,
            };
            if (!ShouldProcess(current.ToString(), "Set real server (" + IpvsSaveFormat.FormatRealServer(service, wanted, "-e") + ")"))
                continue;
            if (TryCore(() => Client.UpdateRealServer(service, wanted)) && PassThru)
            {
                var read = Client.GetRealServers(service).FirstOrDefault(r => r.HasSameKey(wanted));
                if (read != null)
                    WriteObject(read);
            }
        }
    }
}
