using System.Net;
using HaTools.Core.Vrrp;

namespace HaTools.VrrpNode;

/// <summary>One vrrp_instance of a test node, in keepalived's terms.</summary>
public sealed class InstanceConfig
{
    public string Name { get; set; } = "VI_1";
    public string Interface { get; set; } = "eth0";
    public int VirtualRouterId { get; set; } = 51;
    public int Priority { get; set; } = 100;
    public string State { get; set; } = "BACKUP";
    public int Version { get; set; } = 2;
    public int AdvertIntervalMs { get; set; } = 1000;
    public List<string> VirtualIPAddresses { get; set; } = new();
    public bool NoPreempt { get; set; }
    public int PreemptDelayMs { get; set; }
    public string? UnicastSource { get; set; }
    public List<string> UnicastPeers { get; set; } = new();
    public string? AuthPass { get; set; }
    public int GarpMasterDelayMs { get; set; } = 5000;
    public int GarpMasterRepeat { get; set; } = 5;
    public bool V3ChecksumAsV2 { get; set; }
    public bool CheckUnicastSource { get; set; }
    public string OldUnicastChecksum { get; set; } = "Detect";
    public List<string> TrackInterfaces { get; set; } = new();

    public VrrpInstanceSettings ToSettings() => new()
    {
        Name = Name,
        Interface = Interface,
        VirtualRouterId = (byte)VirtualRouterId,
        Priority = Priority,
        InitialState = State.Equals("MASTER", StringComparison.OrdinalIgnoreCase) ? VrrpState.Master : VrrpState.Backup,
        Version = Version,
        AdvertisementInterval = TimeSpan.FromMilliseconds(AdvertIntervalMs),
        VirtualIPAddresses = VirtualIPAddresses.Select(v => VrrpVirtualAddress.Parse(v)).ToArray(),
        NoPreempt = NoPreempt,
        PreemptDelay = TimeSpan.FromMilliseconds(PreemptDelayMs),
        UnicastSourceIP = UnicastSource is null ? null : IPAddress.Parse(UnicastSource),
        UnicastPeers = UnicastPeers.Select(IPAddress.Parse).ToArray(),
        AuthType = AuthPass is null ? VrrpAuthType.None : VrrpAuthType.Password,
        AuthPass = AuthPass,
        GarpMasterDelay = TimeSpan.FromMilliseconds(GarpMasterDelayMs),
        GarpMasterRepeat = GarpMasterRepeat,
        V3ChecksumAsV2 = V3ChecksumAsV2,
        CheckUnicastSource = CheckUnicastSource,
        OldUnicastChecksum = Enum.Parse<VrrpOldUnicastChecksum>(OldUnicastChecksum),
        Tracks = TrackInterfaces.Select(i => new VrrpTrack(VrrpTrackKind.Interface, i)).ToArray(),
    };
}
