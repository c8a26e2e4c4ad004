using System.Management.Automation;
using System.Net;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Deletes IPVS services and their real servers (ipvsadm -D).</summary>
[Cmdlet(VerbsCommon.Remove, "IpvsService", SupportsShouldProcess = true, DefaultParameterSetName = EndpointSet)]
[OutputType(typeof(IpvsService))]
public sealed class RemoveIpvsServiceCommand : IpvsCommandBase
{
    public const string EndpointSet = "Endpoint";
    public const string FirewallMarkSet = "FirewallMark";
    public const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public IpvsService[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointSet)]
    [IpvsAddressTransformation]
    public IPAddress Address { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = EndpointSet)]
    public ushort Port { get; set; }

    [Parameter(ParameterSetName = EndpointSet)]
    public IpvsProtocol Protocol { get; set; } = IpvsProtocol.TCP;

    [Parameter(Mandatory = true, ParameterSetName = FirewallMarkSet)]
    [ValidateRange(1, uint.MaxValue)]
    public uint FirewallMark { get; set; }

    [Parameter(ParameterSetName = FirewallMarkSet)]
    public SwitchParameter IPv6 { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var keys = ParameterSetName == InputObjectSet ? InputObject : [ServiceKey(Address, Port, Protocol, FirewallMark, IPv6)];
        foreach (var key in keys)
        {
            if (!ShouldProcess(key.Name, "Remove IPVS service"))
                continue;
            if (TryCore(() => Client.RemoveService(key)) && PassThru)
                WriteObject(key);
        }
    }
}
