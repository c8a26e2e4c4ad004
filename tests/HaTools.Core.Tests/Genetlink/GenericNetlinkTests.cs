using HaTools.Core.Linux;
using HaTools.Core.Linux.Genetlink;
using HaTools.Core.Linux.Netlink;
using HaTools.Core.Tests.Netlink;

namespace HaTools.Core.Tests.Genetlink;

public class GenericNetlinkTests
{
    [Fact]
    public void Getfamily_request_is_genl_header_then_family_name()
    {
        NetlinkMessage? seen = null;
        var fake = new FakeNetlinkSocket(r =>
        {
            seen = r;
            var w = GenericNetlink.Begin(GenericNetlink.CtrlCmdNewFamily, 2)
                .WriteString(GenericNetlink.CtrlAttrFamilyName, "IPVS")
                .WriteUInt16(GenericNetlink.CtrlAttrFamilyId, 0x25)
                .WriteUInt32(GenericNetlink.CtrlAttrVersion, 1);
            return [FakeNetlinkSocket.Reply(r, GenericNetlink.ControllerId, w.ToArray())];
        });
        using var c = new NetlinkConnection(fake);

        var family = GenericNetlink.ResolveFamily(c, "IPVS");

        Assert.Equal(0x25, family.Id);
        Assert.Equal(1u, family.Version);
        byte[] golden =
        [
            0x03,                   // cmd CTRL_CMD_GETFAMILY
            0x01,                   // version
            0x00, 0x00,             // reserved
            0x09, 0x00, 0x02, 0x00, // nla_len 9, CTRL_ATTR_FAMILY_NAME
            0x49, 0x50, 0x56, 0x53, // "IPVS"
            0x00, 0x00, 0x00, 0x00, // NUL + padding
        ];
        Assert.Equal(GenericNetlink.ControllerId, seen!.Value.Header.Type);
        Assert.Equal(golden, seen.Value.Payload.ToArray());
    }

    [Fact]
    public void Real_kernel_resolves_nlctrl_itself_with_its_fixed_id()
    {
        using var c = NetlinkConnection.Open(NetlinkProtocol.Generic);
        var family = GenericNetlink.ResolveFamily(c, "nlctrl");
        Assert.Equal(GenericNetlink.ControllerId, family.Id);
        Assert.Contains("notify", family.MulticastGroups.Keys);
    }

    [Fact]
    public void Real_kernel_answers_enoent_for_an_unknown_family()
    {
        using var c = NetlinkConnection.Open(NetlinkProtocol.Generic);
        // Names are at most 15 bytes (GENL_NAMSIZ - 1); a longer one would be EINVAL instead.
        var ex = Assert.Throws<NetlinkException>(() => GenericNetlink.ResolveFamily(c, "htNoSuchFamily"));
        Assert.Equal(Errno.ENOENT, ex.Errno);
    }
}
