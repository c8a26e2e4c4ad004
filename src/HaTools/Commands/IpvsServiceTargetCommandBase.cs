using System.Management.Automation;
using System.Net;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>
/// Shared parameters of the cmdlets that act on existing services (Set-, Remove-IpvsService): services from
/// the pipeline, or one by positional -Address -Port (as ipvsadm's -t/-u) or -FirewallMark.
/// </summary>
public abstract class IpvsServiceTargetCommandBase : IpvsCommandBase
{
    public const string EndpointSet = "Endpoint";
    public const string FirewallMarkSet = "FirewallMark";
    public const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public IpvsService[] InputObject { get; set; } = [];

    // Positional here (unlike the real-server cmdlets, where position 0 is the real server).
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

    /// <summary>The services this record names: the piped ones, or the one the parameters select.</summary>
    protected IReadOnlyList<IpvsService> TargetServices =>
        ParameterSetName == InputObjectSet ? InputObject : [ServiceKey(Address, Port, Protocol, FirewallMark, IPv6)];
}
