using System.Net;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Tests.Vrrp.Hosting;

public class VrrpParameterSyntaxTests
{
    [Fact]
    public void Virtual_address_line_takes_keepalived_dev_label_and_scope()
    {
        var v = VrrpParameterSyntax.ParseVirtualAddress("192.0.2.10/24 dev eth1 label eth1:vip scope global");
        Assert.Equal(new VrrpVirtualAddress(IPAddress.Parse("192.0.2.10"), 24, "eth1", "eth1:vip", "global"), v);
        Assert.Equal(128, VrrpParameterSyntax.ParseVirtualAddress("fd00::1").PrefixLength);
    }

    [Theory]
    [InlineData("10.0.0.300/24")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/24 dev")]
    [InlineData("10.0.0.1/24 colour blue")]
    [InlineData("")]
    public void Malformed_virtual_address_lines_name_themselves(string line)
    {
        var ex = Assert.Throws<HaToolsException>(() => VrrpParameterSyntax.ParseVirtualAddress(line));
        Assert.Equal("VirtualIPAddressInvalid", ex.ErrorId);
        Assert.Equal(line, ex.Target);
    }

    [Fact]
    public void Track_interface_line_takes_optional_weight_and_reverse()
    {
        Assert.Equal(new VrrpTrack(VrrpTrackKind.Interface, "eth1"), VrrpParameterSyntax.ParseTrackInterface("eth1"));
        Assert.Equal(new VrrpTrack(VrrpTrackKind.Interface, "eth1", -20, true), VrrpParameterSyntax.ParseTrackInterface("eth1 weight -20 reverse"));
        Assert.Equal("TrackInterfaceInvalid", Assert.Throws<HaToolsException>(() => VrrpParameterSyntax.ParseTrackInterface("eth1 weight 300")).ErrorId);
    }
}
