using System.Net;
using System.Net.Sockets;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>One keepalived 2.2.7 capture from tests/assets/vrrp and the configuration that produced it (see its README).</summary>
public sealed record GoldenCapture(string File, int Version, AddressFamily Family, bool Unicast, string Node1, string Node2, string? AuthPass)
{
    public static readonly GoldenCapture[] All =
    [
        new("v2-ipv4-multicast-pass.pcap", 2, AddressFamily.InterNetwork, false, "10.77.0.1", "10.77.0.2", "s3cret"),
        new("v2-ipv4-unicast-pass.pcap", 2, AddressFamily.InterNetwork, true, "10.77.0.1", "10.77.0.2", "s3cret"),
        new("v3-ipv4-multicast.pcap", 3, AddressFamily.InterNetwork, false, "10.77.0.1", "10.77.0.2", null),
        new("v3-ipv4-unicast.pcap", 3, AddressFamily.InterNetwork, true, "10.77.0.1", "10.77.0.2", null),
        new("v3-ipv6-multicast.pcap", 3, AddressFamily.InterNetworkV6, false, "fe80::7449:35ff:fea4:2e4f", "fe80::40bd:afff:fee9:75d2", null),
        new("v3-ipv6-unicast.pcap", 3, AddressFamily.InterNetworkV6, true, "fd77::1", "fd77::2", null),
    ];

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (GoldenCapture c in All)
            {
                data.Add(c.File);
            }

            return data;
        }
    }

    public static GoldenCapture Get(string file) => All.Single(c => c.File == file);

    public TimeSpan Interval => Version == 2 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(500);

    public IPAddress[] Vips => Family == AddressFamily.InterNetwork
        ? [IPAddress.Parse("10.77.0.100"), IPAddress.Parse("10.77.0.101")]
        : [IPAddress.Parse("fd77::100"), IPAddress.Parse("fd77::101")];

    public PcapFile Load() => PcapFile.Load(Path.Combine(AppContext.BaseDirectory, "assets", "vrrp", File));

    /// <summary>The node's vrrp_instance from <c>&lt;name&gt;.nodeN.conf</c>, as settings.</summary>
    public VrrpInstanceSettings Settings(int node) => new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = 51,
        Priority = node == 1 ? 150 : 100,
        Version = Version,
        AdvertisementInterval = Interval,
        VirtualIPAddresses = Vips.Select(v => new VrrpVirtualAddress(v, Family == AddressFamily.InterNetwork ? 24 : 64)).ToArray(),
        AuthType = AuthPass is null ? VrrpAuthType.None : VrrpAuthType.Password,
        AuthPass = AuthPass,
        UnicastSourceIP = Unicast ? IPAddress.Parse(node == 1 ? Node1 : Node2) : null,
        UnicastPeers = Unicast ? [IPAddress.Parse(node == 1 ? Node2 : Node1)] : [],
    };

    /// <summary>Every frame that carries an IP packet, with the reader's verdict.</summary>
    public IEnumerable<(PcapFrame Frame, bool Ok, VrrpPacket Packet, VrrpDropReason Reason, ReadOnlyMemory<byte> Ip)> Read()
    {
        foreach (PcapFrame frame in Load().Frames)
        {
            var packet = new VrrpPacket();
            if (frame.EtherType == 0x0800)
            {
                bool ok = VrrpPacketReader.TryReadIPv4(frame.Payload.Span, requireTtl255: true, packet, out VrrpDropReason reason);
                yield return (frame, ok, packet, reason, frame.Payload);
            }
            else if (frame.EtherType == 0x86DD)
            {
                // keepalived sends IPv6 unicast adverts with the default hop limit (64), and does not check it for unicast.
                bool ok = VrrpPacketReader.TryReadIPv6Packet(frame.Payload.Span, requireHopLimit255: !Unicast, packet, out VrrpDropReason reason);
                yield return (frame, ok, packet, reason, frame.Payload);
            }
        }
    }
}
