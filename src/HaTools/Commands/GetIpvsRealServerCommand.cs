using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Lists real servers with active/inactive connections and counters (ipvsadm -Ln).</summary>
[Cmdlet(VerbsCommon.Get, "IpvsRealServer", DefaultParameterSetName = AllSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class GetIpvsRealServerCommand : IpvsServiceSelectorCommandBase
{
    public const string AllSet = "All";
    public const string ServiceSet = "Service";

    [Parameter(Mandatory = true, ParameterSetName = ServiceSet, ValueFromPipeline = true)]
    public IpvsService[] Service { get; set; } = [];

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
                _ => [SelectedService],
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
