using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Lists real servers with active/inactive connections and counters (ipvsadm -Ln).</summary>
[Cmdlet(VerbsCommon.Get, "IpvsRealServer", DefaultParameterSetName = AllSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class GetIpvsRealServerCommand : IpvsCommandBase
{
    public const string AllSet = "All";
    public const string ServiceSet = "Service";
    public const string EndpointSet = "Endpoint";
    public const string FirewallMarkSet = "FirewallMark";

    [Parameter(Mandatory = true, ParameterSetName = ServiceSet, ValueFromPipeline = true)]
    public IpvsService[] Service { get; set; } = [];

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

    [Parameter(Position = 0)]
    [IpvsAddressTransformation]
    public IPAddress? RealAddress { get; set; }

    [Parameter]
    public ushort? RealPort { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<IpvsService> services;
        try
        {
            services = ParameterSetName switch
            {
                ServiceSet => Service,
                AllSet => Client.GetServices(),
                _ => [ServiceKey(Address, Port, Protocol, FirewallMark, IPv6)],
            };
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
            return;
        }
        foreach (var service in services)
        {
            try
            {
                foreach (var rs in Client.GetRealServers(service))
                {
                    if ((RealAddress == null || RealAddress.Equals(rs.Address)) && (RealPort == null || RealPort == rs.Port))
                        WriteObject(rs);
                }
            }
            catch (HaToolsException ex)
            {
                WriteError(ex);
            }
        }
    }
}
