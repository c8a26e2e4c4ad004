using System.Management.Automation;
using System.Net;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>
/// The by-name way to say which IPVS service a command acts on: -Address/-Port/-Protocol (set Endpoint)
/// or -FirewallMark/-IPv6 (set FirewallMark). Derived cmdlets add their own pipeline set.
/// </summary>
public abstract class IpvsServiceSelectorCommandBase : IpvsCommandBase
{
    public const string EndpointSet = "Endpoint";
    public const string FirewallMarkSet = "FirewallMark";

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

    /// <summary>The service key the selector parameters name (meaningful in the Endpoint and FirewallMark sets).</summary>
    protected IpvsService SelectedService => ServiceKey(Address, Port, Protocol, FirewallMark, IPv6);
}
