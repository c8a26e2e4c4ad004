using System.Management.Automation;
using System.Net;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>Changes settings of existing IPVS services (ipvsadm -E); unspecified settings keep their current values.</summary>
[Cmdlet(VerbsCommon.Set, "IpvsService", SupportsShouldProcess = true, DefaultParameterSetName = EndpointSet)]
[OutputType(typeof(IpvsService))]
public sealed class SetIpvsServiceCommand : IpvsServiceTargetCommandBase
{
    [Parameter]
    [ValidateSet("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos")]
    public string? Scheduler { get; set; }

    [Parameter]
    [ValidateSet("sh-fallback", "sh-port", "mh-fallback", "mh-port", "flag-1", "flag-2", "flag-3")]
    [AllowEmptyCollection]
    public string[]? SchedulerFlags { get; set; }

    [Parameter]
    public SwitchParameter Persistent { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public uint PersistenceTimeout { get; set; }

    [Parameter]
    [IpvsAddressTransformation]
    public IPAddress? PersistenceNetmask { get; set; }

    [Parameter]
    [ValidateRange(1, 128)]
    public int PersistencePrefixLength { get; set; }

    [Parameter]
    public SwitchParameter OnePacket { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var key in TargetServices)
        {
            var current = FindService(key);
            if (current == null)
                continue;
            var wanted = Apply(current);
            if (!ShouldProcess(current.Name, "Set IPVS service (" + IpvsSaveFormat.FormatService(wanted, "-E") + ")"))
                continue;
            if (TryCore(() => Client.UpdateService(wanted)) && PassThru)
            {
                var after = FindService(key);
                if (after != null)
                    WriteObject(after);
            }
        }
    }

    private IpvsService Apply(IpvsService s)
    {
        var bound = MyInvocation.BoundParameters;
        var flags = s.Flags & ~IpvsServiceFlags.Hashed;
        if (bound.ContainsKey(nameof(SchedulerFlags)))
            flags = (flags & ~(IpvsServiceFlags.SchedulerFlag1 | IpvsServiceFlags.SchedulerFlag2 | IpvsServiceFlags.SchedulerFlag3)) | ParseSchedulerFlags(SchedulerFlags);
        if (bound.ContainsKey(nameof(OnePacket)))
            flags = OnePacket ? flags | IpvsServiceFlags.OnePacket : flags & ~IpvsServiceFlags.OnePacket;
        var turnsOn = PersistenceTimeout != 0 || PersistenceNetmask != null || PersistencePrefixLength != 0 || (bound.ContainsKey(nameof(Persistent)) && Persistent);
        var turnsOff = bound.ContainsKey(nameof(Persistent)) && !Persistent;
        if (turnsOff)
            flags &= ~IpvsServiceFlags.Persistent;
        else if (turnsOn)
            flags |= IpvsServiceFlags.Persistent;
        var persistent = (flags & IpvsServiceFlags.Persistent) != 0;
        int? prefix = PersistencePrefixLength != 0 ? PersistencePrefixLength : PersistenceNetmask != null ? PrefixFromNetmask(PersistenceNetmask) : s.PersistencePrefixLength;
        var timeout = PersistenceTimeout != 0 ? PersistenceTimeout : s.PersistenceTimeout != 0 ? s.PersistenceTimeout : IpvsSaveFormat.DefaultPersistenceTimeout;
        return s with
        {
            Scheduler = Scheduler ?? s.Scheduler,
            Flags = flags,
            PersistenceTimeout = persistent ? timeout : 0,
            PersistencePrefixLength = persistent ? prefix : null,
            RealServers = Array.Empty<IpvsRealServer>(),
        };
    }
}
