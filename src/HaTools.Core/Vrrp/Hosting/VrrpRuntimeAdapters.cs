using HaTools.Core.Linux.Vrrp;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>The edge adapters one runtime uses; <see cref="CreateLinux"/> gives the real ones, tests pass fakes.</summary>
public sealed record VrrpRuntimeAdapters(IVrrpTransport Transport, IVipManager VipManager, IAnnouncer Announcer)
{
    /// <summary>Raw VRRP sockets, GARP/NA and rtnetlink VIPs in <paramref name="networkNamespace"/> (null: this process's namespace).</summary>
    public static VrrpRuntimeAdapters CreateLinux(string? networkNamespace) =>
        new(new LinuxVrrpTransport(networkNamespace), new RtnetlinkVipManager(networkNamespace), new LinuxAnnouncer(networkNamespace));
}
