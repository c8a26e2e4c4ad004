using System.Net;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>Settings for tests: VI_1 on eth0, VRID 51, VIP 10.0.0.100/24, keepalived defaults otherwise.</summary>
public static class VrrpTestSettings
{
    public static VrrpInstanceSettings V2(int priority, string name = "VI_1", byte vrid = 51, string vip = "10.0.0.100/24", string iface = "eth0") => new()
    {
        Name = name,
        Interface = iface,
        VirtualRouterId = vrid,
        Priority = priority,
        Version = 2,
        AdvertisementInterval = TimeSpan.FromSeconds(1),
        VirtualIPAddresses = [VrrpVirtualAddress.Parse(vip)],
        AuthType = VrrpAuthType.Password,
        AuthPass = "s3cret",
    };

    public static VrrpInstanceSettings V3(int priority, TimeSpan interval, string name = "VI_1", string vip = "10.0.0.100/24") => new()
    {
        Name = name,
        Interface = "eth0",
        VirtualRouterId = 51,
        Priority = priority,
        Version = 3,
        AdvertisementInterval = interval,
        VirtualIPAddresses = [VrrpVirtualAddress.Parse(vip)],
    };

    public static IPAddress Ip(string s) => IPAddress.Parse(s);
}
