using System.Management.Automation;
using System.Net;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Adds a real server to IPVS services (ipvsadm -a); services come from the pipeline or -Address/-Port.</summary>
[Cmdlet(VerbsCommon.Add, "IpvsRealServer", SupportsShouldProcess = true, DefaultParameterSetName = ServiceSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class AddIpvsRealServerCommand : IpvsServiceSelectorCommandBase
{
    public const string ServiceSet = "Service";

    [Parameter(Mandatory = true, ParameterSetName = ServiceSet, ValueFromPipeline = true)]
    public IpvsService[] Service { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [IpvsAddressTransformation]
    public IPAddress RealAddress { get; set; } = null!;

    [Parameter(Position = 1)]
    public ushort? RealPort { get; set; }

    [Parameter]
    [ValidateSet("Masquerade", "DirectRouting", "Tunnel")]
    public IpvsForwardingMethod ForwardingMethod { get; set; } = IpvsForwardingMethod.DirectRouting;

    [Parameter]
    [ValidateRange(0, 65535)]
    public int Weight { get; set; } = 1;

    [Parameter]
    public uint UpperThreshold { get; set; }

    [Parameter]
    public uint LowerThreshold { get; set; }

    [Parameter]
    public IpvsTunnelType TunnelType { get; set; } = IpvsTunnelType.Ipip;

    [Parameter]
    public ushort TunnelPort { get; set; }

    [Parameter]
    public IpvsTunnelFlags TunnelChecksum { get; set; } = IpvsTunnelFlags.None;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var services = ParameterSetName == ServiceSet ? Service : [SelectedService];
        foreach (var service in services)
        {
            var server = new IpvsRealServer
            {
                Service = service with { RealServers = Array.Empty<IpvsRealServer>() },
                Address = RealAddress,
                Port = RealPort ?? service.Port,
                ForwardingMethod = ForwardingMethod,
                Weight = Weight,
                UpperThreshold = UpperThreshold,
                LowerThreshold = LowerThreshold,
                TunnelType = TunnelType,
                TunnelPort = TunnelPort,
                TunnelFlags = TunnelChecksum,
            };
            if (!ShouldProcess(service.Name, "Add real server (" + IpvsSaveFormat.FormatRealServer(service, server, "-a") + ")"))
                continue;
            if (TryCore(() => Client.AddRealServer(service, server)) && PassThru)
            {
                var read = Client.GetRealServers(service).FirstOrDefault(r => r.HasSameKey(server));
                if (read != null)
                    WriteObject(read);
            }
        }
    }
}
