using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Lists IPVS virtual services with their counters and rates (ipvsadm -Ln --stats / --rate).</summary>
[Cmdlet(VerbsCommon.Get, "IpvsService")]
[OutputType(typeof(IpvsService))]
public sealed class GetIpvsServiceCommand : IpvsCommandBase
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [IpvsAddressTransformation]
    public IPAddress? Address { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public ushort? Port { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public IpvsProtocol? Protocol { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, uint.MaxValue)]
    public uint? FirewallMark { get; set; }

    [Parameter]
    [ValidateSet("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos")]
    public string? Scheduler { get; set; }

    [Parameter]
    public SwitchParameter IncludeRealServers { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<IpvsService> all;
        try
        {
            all = Client.GetServices();
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
            return;
        }
        var matched = all.Where(s =>
            (Address == null || Address.Equals(s.Address)) &&
            (Port == null || (!s.IsFirewallMark && s.Port == Port)) &&
            (Protocol == null || s.Protocol == Protocol) &&
            (FirewallMark == null || s.FirewallMark == FirewallMark) &&
            (Scheduler == null || s.Scheduler == Scheduler)).ToList();
        var filtered = Address != null || Port != null || Protocol != null || FirewallMark != null;
        if (matched.Count == 0 && filtered)
        {
            var what = FirewallMark != null ? $"FWM {FirewallMark}" : $"{Protocol?.ToString() ?? "any protocol"} {Address?.ToString() ?? "*"}:{Port?.ToString() ?? "*"}";
            WriteError(new HaToolsException("IpvsServiceNotFound", HaToolsErrorKind.ObjectNotFound, $"No IPVS service matches {what}.", what));
            return;
        }
        foreach (var s in matched)
        {
            if (IncludeRealServers)
            {
                try
                {
                    WriteObject(s with { RealServers = Client.GetRealServers(s) });
                }
                catch (HaToolsException ex)
                {
                    WriteError(ex);
                }
            }
            else
            {
                WriteObject(s);
            }
        }
    }
}
