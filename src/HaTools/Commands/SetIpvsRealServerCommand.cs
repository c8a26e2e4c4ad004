using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Changes a real server's weight, thresholds or forwarding (ipvsadm -e); weight 0 drains it.</summary>
[Cmdlet(VerbsCommon.Set, "IpvsRealServer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(IpvsRealServer))]
public sealed class SetIpvsRealServerCommand : IpvsRealServerTargetCommandBase
{
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

    protected override void ProcessRecord()
    {
        foreach (var (service, key) in CollectTargets())
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
