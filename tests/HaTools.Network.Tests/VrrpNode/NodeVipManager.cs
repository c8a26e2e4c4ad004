using System.Diagnostics;
using HaTools.Core.Vrrp;

namespace HaTools.VrrpNode;

/// <summary>
/// Interim VIP manager until the rtnetlink one can be built on the shared netlink base: runs `ip addr`.
/// Only this test driver uses it.
/// </summary>
public sealed class NodeVipManager : IVipManager, IDisposable
{
    private readonly string? _ns;

    public NodeVipManager(string? ns) => _ns = ns;

    public void Add(VrrpVirtualAddress address, string defaultInterface) => Ip("add", address, defaultInterface);

    public void Remove(VrrpVirtualAddress address, string defaultInterface) => Ip("del", address, defaultInterface);

    public void Dispose()
    {
    }

    private void Ip(string verb, VrrpVirtualAddress a, string dev)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true };
        if (_ns is not null)
        {
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add(_ns);
        }

        foreach (var s in new[] { "addr", verb, $"{a.Address}/{a.PrefixLength}", "dev", a.Device ?? dev })
        {
            psi.ArgumentList.Add(s);
        }

        if (a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && verb == "add")
        {
            psi.ArgumentList.Add("nodad");
        }

        using var p = Process.Start(psi)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
    }
}
