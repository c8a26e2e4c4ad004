using System.Net;
using HaTools.Core.Ipvs;
using HaTools.Core.Linux.Genetlink;
using HaTools.Core.Linux.Netlink;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>IPVS requests byte for byte (uapi linux/ip_vs.h attribute numbers; ports and IPv4 masks in network order).</summary>
public class IpvsEncodingTests
{
    [Fact]
    public void New_service_request_carries_key_and_every_setting_the_kernel_requires()
    {
        var svc = new IpvsService
        {
            Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("10.0.0.1"), Port = 80, Scheduler = "rr",
            Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 300, PersistencePrefixLength = 24,
        };

        var request = IpvsClient.BuildRequest(new IpvsChange(IpvsChangeKind.AddService, svc), 0x2a);

        byte[] golden =
        [
            0x01, 0x01, 0x00, 0x00,             // genl: IPVS_CMD_NEW_SERVICE, version 1
            0x54, 0x00, 0x01, 0x80,             // IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED, nla_len 84
            0x06, 0x00, 0x01, 0x00,             //   IPVS_SVC_ATTR_AF
            0x02, 0x00, 0x00, 0x00,             //   AF_INET + padding
            0x06, 0x00, 0x02, 0x00,             //   IPVS_SVC_ATTR_PROTOCOL
            0x06, 0x00, 0x00, 0x00,             //   IPPROTO_TCP + padding
            0x14, 0x00, 0x03, 0x00,             //   IPVS_SVC_ATTR_ADDR, 16 bytes (union nf_inet_addr)
            0x0a, 0x00, 0x00, 0x01,             //   10.0.0.1
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x06, 0x00, 0x04, 0x00,             //   IPVS_SVC_ATTR_PORT
            0x00, 0x50, 0x00, 0x00,             //   80, network order + padding
            0x07, 0x00, 0x06, 0x00,             //   IPVS_SVC_ATTR_SCHED_NAME
            0x72, 0x72, 0x00, 0x00,             //   "rr\0" + padding
            0x0c, 0x00, 0x07, 0x00,             //   IPVS_SVC_ATTR_FLAGS (struct ip_vs_flags)
            0x01, 0x00, 0x00, 0x00,             //   flags = PERSISTENT
            0xfd, 0xff, 0xff, 0xff,             //   mask = all but HASHED
            0x08, 0x00, 0x08, 0x00,             //   IPVS_SVC_ATTR_TIMEOUT
            0x2c, 0x01, 0x00, 0x00,             //   300 s
            0x08, 0x00, 0x09, 0x00,             //   IPVS_SVC_ATTR_NETMASK
            0xff, 0xff, 0xff, 0x00,             //   255.255.255.0, network order
        ];
        Assert.Equal(golden, request.Payload.ToArray());
        Assert.Equal(0x2a, request.Type);
        Assert.Equal(NetlinkMessageFlags.None, request.Flags);
    }

    [Fact]
    public void Delete_service_sends_only_the_key()
    {
        var svc = new IpvsService { FirewallMark = 7, AddressFamily = System.Net.Sockets.AddressFamily.InterNetworkV6, Scheduler = "rr" };

        var request = IpvsClient.BuildRequest(new IpvsChange(IpvsChangeKind.RemoveService, svc), 0x2a);

        byte[] golden =
        [
            0x03, 0x01, 0x00, 0x00,             // genl: IPVS_CMD_DEL_SERVICE
            0x14, 0x00, 0x01, 0x80,             // IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED, nla_len 20
            0x06, 0x00, 0x01, 0x00,             //   IPVS_SVC_ATTR_AF
            0x0a, 0x00, 0x00, 0x00,             //   AF_INET6
            0x08, 0x00, 0x05, 0x00,             //   IPVS_SVC_ATTR_FWMARK
            0x07, 0x00, 0x00, 0x00,             //   7
        ];
        Assert.Equal(golden, request.Payload.ToArray());
    }

    [Fact]
    public void Ipv6_persistence_netmask_is_the_prefix_length_as_a_number()
    {
        Assert.Equal(new byte[] { 64, 0, 0, 0 }, IpvsCodec.NetmaskBytes(System.Net.Sockets.AddressFamily.InterNetworkV6, 64));
        Assert.Equal(new byte[] { 255, 255, 255, 255 }, IpvsCodec.NetmaskBytes(System.Net.Sockets.AddressFamily.InterNetwork, 32));
    }

    [Fact]
    public void New_dest_request_carries_service_key_then_destination()
    {
        var svc = new IpvsService { Protocol = IpvsProtocol.UDP, Address = IPAddress.Parse("10.0.0.1"), Port = 53 };
        var rs = new IpvsRealServer
        {
            Address = IPAddress.Parse("192.168.1.2"), Port = 5353, ForwardingMethod = IpvsForwardingMethod.Masquerade,
            Weight = 5, UpperThreshold = 100, LowerThreshold = 10,
        };

        var request = IpvsClient.BuildRequest(new IpvsChange(IpvsChangeKind.AddRealServer, svc, rs), 0x2a);

        var attrs = new List<NetlinkAttribute>();
        Assert.True(NetlinkAttributeReader.TryReadAll(request.Payload[GenericNetlinkHeader.Size..], attrs, out _));
        Assert.Equal(5, request.Payload.Span[0]); // IPVS_CMD_NEW_DEST
        Assert.Equal(new ushort[] { 1, 2 }, attrs.Select(a => a.Type));
        Assert.Equal(44, attrs[0].Value.Length); // key only: AF(8) + PROTOCOL(8) + ADDR(20) + PORT(8)
        byte[] dest =
        [
            0x06, 0x00, 0x0b, 0x00,             // IPVS_DEST_ATTR_ADDR_FAMILY
            0x02, 0x00, 0x00, 0x00,             // AF_INET
            0x14, 0x00, 0x01, 0x00,             // IPVS_DEST_ATTR_ADDR
            0xc0, 0xa8, 0x01, 0x02,             // 192.168.1.2
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x06, 0x00, 0x02, 0x00,             // IPVS_DEST_ATTR_PORT
            0x14, 0xe9, 0x00, 0x00,             // 5353, network order
            0x08, 0x00, 0x03, 0x00,             // IPVS_DEST_ATTR_FWD_METHOD
            0x00, 0x00, 0x00, 0x00,             // IP_VS_CONN_F_MASQ
            0x08, 0x00, 0x04, 0x00,             // IPVS_DEST_ATTR_WEIGHT
            0x05, 0x00, 0x00, 0x00,
            0x08, 0x00, 0x05, 0x00,             // IPVS_DEST_ATTR_U_THRESH
            0x64, 0x00, 0x00, 0x00,
            0x08, 0x00, 0x06, 0x00,             // IPVS_DEST_ATTR_L_THRESH
            0x0a, 0x00, 0x00, 0x00,
        ];
        Assert.Equal(dest, attrs[1].Value.ToArray());
    }

    [Fact]
    public void Gue_tunnel_destination_carries_tunnel_type_port_and_flags()
    {
        var svc = new IpvsService { Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("10.0.0.1"), Port = 80 };
        var rs = new IpvsRealServer
        {
            Address = IPAddress.Parse("10.1.0.2"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel,
            TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080, TunnelFlags = IpvsTunnelFlags.Checksum,
        };
        var request = IpvsClient.BuildRequest(new IpvsChange(IpvsChangeKind.AddRealServer, svc, rs), 0x2a);
        var attrs = new List<NetlinkAttribute>();
        NetlinkAttributeReader.TryReadAll(request.Payload[4..], attrs, out _);
        var inner = new List<NetlinkAttribute>();
        NetlinkAttributeReader.TryReadAll(attrs[1].Value, inner, out _);
        Assert.True(inner.Single(a => a.Type == 13).TryGetUInt8(out var type));
        Assert.Equal(1, type);
        Assert.True(inner.Single(a => a.Type == 14).TryGetUInt16BigEndian(out var port));
        Assert.Equal(6080, port);
        Assert.True(inner.Single(a => a.Type == 15).TryGetUInt16(out var flags));
        Assert.Equal(1, flags);
    }

    [Fact]
    public void Service_reply_decodes_key_settings_and_prefers_64_bit_stats()
    {
        var svc = new IpvsService
        {
            Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("2001:db8::1"), Port = 443,
            AddressFamily = System.Net.Sockets.AddressFamily.InterNetworkV6, Scheduler = "sh",
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.SchedulerFlag2, PersistenceTimeout = 600, PersistencePrefixLength = 64,
        };
        var payload = FakeIpvsKernel.EncodeService(svc, statsBase: 100);
        var message = new NetlinkMessage(new NetlinkMessageHeader(0, 0x2a, NetlinkMessageFlags.Multi, 1, 1), payload);

        Assert.True(IpvsCodec.TryFindTop(message, 1, out var attr));
        Assert.True(IpvsCodec.TryReadService(attr.Value, out var read, out _));

        Assert.True(read.HasSameKey(svc));
        Assert.True(IpvsTableDiff.SameSettings(svc, read));
        Assert.Equal(IpvsServiceFlags.Persistent | IpvsServiceFlags.SchedulerFlag2 | IpvsServiceFlags.Hashed, read.Flags);
        Assert.Equal(64, read.PersistencePrefixLength);
        Assert.Equal(101UL + 0x1_0000_0000UL, read.Stats.Connections); // from STATS64, beyond 32 bits
        Assert.Equal(110UL + 0x1_0000_0000UL, read.Stats.BytesOutPerSecond);
    }

    [Fact]
    public void Truncated_service_attribute_is_refused_not_thrown()
    {
        var payload = FakeIpvsKernel.EncodeService(new IpvsService { Protocol = IpvsProtocol.TCP, Address = IPAddress.Loopback, Port = 1, Scheduler = "rr" });
        var nested = new ReadOnlyMemory<byte>(payload, 8, 30); // cut inside the ADDR attribute
        Assert.False(IpvsCodec.TryReadService(nested, out _, out var reason));
        Assert.Equal(NetlinkReadError.BadAttributeLength, reason);
    }
}
