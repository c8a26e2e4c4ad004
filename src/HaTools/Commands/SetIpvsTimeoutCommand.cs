using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Sets IPVS connection timeouts in seconds (ipvsadm --set tcp tcpfin udp); omitted ones stay.</summary>
[Cmdlet(VerbsCommon.Set, "IpvsTimeout", SupportsShouldProcess = true)]
[OutputType(typeof(IpvsTimeouts))]
public sealed class SetIpvsTimeoutCommand : IpvsCommandBase
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public uint Tcp { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public uint TcpFin { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public uint Udp { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var wanted = new IpvsTimeouts(Tcp, TcpFin, Udp);
        if (Tcp == 0 && TcpFin == 0 && Udp == 0)
        {
            WriteError(new HaToolsException("IpvsNoTimeoutGiven", HaToolsErrorKind.InvalidArgument, "Give at least one of -Tcp, -TcpFin, -Udp.", wanted));
            return;
        }
        if (!ShouldProcess("IPVS timeouts", $"Set timeouts (tcp {Tcp}, tcpfin {TcpFin}, udp {Udp}; 0 = unchanged)"))
            return;
        try
        {
            Client.SetTimeouts(wanted);
            if (PassThru)
                WriteObject(Client.GetTimeouts());
        }
        catch (HaToolsException ex)
        {
            WriteError(ex);
        }
    }
}
