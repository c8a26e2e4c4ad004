using HaTools.Core.Linux;
using HaTools.Core.Linux.Netlink;

namespace HaTools.Core.Tests.Netlink;

/// <summary>The real AF_NETLINK socket against this machine's kernel (no root needed for these).</summary>
public class NetlinkSocketTests
{
    private const ushort RtmGetLink = 18;
    private const ushort RtmNewLink = 16;

    [Fact]
    public void Unknown_netlink_protocol_reports_the_kernels_errno()
    {
        // Protocol 31 is unassigned: socket() must fail with EPROTONOSUPPORT and we must read that errno, not a stale one.
        var ex = Assert.Throws<NetlinkException>(() => NetlinkSocket.Open(31));
        Assert.Equal(Errno.EPROTONOSUPPORT, ex.Errno);
    }

    [Fact]
    public void Kernel_assigns_a_port_id_at_bind()
    {
        using var s = NetlinkSocket.Open(NetlinkProtocol.Route);
        Assert.NotEqual(0u, s.PortId);
    }

    [Fact]
    public void Rtnetlink_link_dump_lists_loopback()
    {
        using var c = NetlinkConnection.Open(NetlinkProtocol.Route);
        var ifinfomsg = new byte[16]; // family AF_UNSPEC, all zero: every link

        var links = c.Execute(new NetlinkRequest(RtmGetLink, NetlinkMessageFlags.Dump, ifinfomsg), "dump links");

        Assert.NotEmpty(links);
        Assert.All(links, m => Assert.Equal(RtmNewLink, m.Header.Type));
        var names = links.Select(m =>
        {
            var r = new NetlinkAttributeReader(m.Payload[16..]);
            while (r.TryRead(out var a))
                if (a.Type == 3) // IFLA_IFNAME
                    return a.GetString();
            return null;
        });
        Assert.Contains("lo", names);
    }

    [Fact]
    public void Kernel_error_ack_comes_back_as_errno()
    {
        using var c = NetlinkConnection.Open(NetlinkProtocol.Route);
        var ifinfomsg = new byte[16];
        BitConverter.GetBytes(int.MaxValue - 7).CopyTo(ifinfomsg, 4); // ifi_index of no link

        var ex = Assert.Throws<NetlinkException>(() => c.Execute(new NetlinkRequest(RtmGetLink, 0, ifinfomsg), "get link"));

        Assert.Equal(Errno.ENODEV, ex.Errno);
    }
}
