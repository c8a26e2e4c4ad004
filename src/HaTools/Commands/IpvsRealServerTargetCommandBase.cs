using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>
/// Shared parameters of the cmdlets that act on existing real servers (Set-, Remove-IpvsRealServer): a real
/// server from the pipeline, or its service by -Address/-Port or -FirewallMark plus -RealAddress/-RealPort.
/// </summary>
public abstract class IpvsRealServerTargetCommandBase : IpvsServiceSelectorCommandBase
{
    public const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public IpvsRealServer[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = EndpointSet)]
    [Parameter(Mandatory = true, ParameterSetName = FirewallMarkSet)]
    [IpvsAddressTransformation]
    public IPAddress RealAddress { get; set; } = null!;

    [Parameter(ParameterSetName = EndpointSet)]
    [Parameter(ParameterSetName = FirewallMarkSet)]
    public ushort? RealPort { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// The (service, real server) pairs this record names. A piped real server that does not know its
    /// service is an error for that item; the others go on.
    /// </summary>
    protected List<(IpvsService Service, IpvsRealServer Server)> CollectTargets()
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
            var svc = SelectedService;
            targets.Add((svc, new IpvsRealServer { Service = svc, Address = RealAddress, Port = RealPort ?? svc.Port }));
        }
        return targets;
    }
}
