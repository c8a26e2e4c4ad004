using System.Diagnostics;
using System.Globalization;

namespace HaTools.Core.Vrrp.Hosting;

/// <summary>
/// INTERIM virtual-address manager that runs ip(8) until vrrp-edge's rtnetlink manager lands
/// (DESIGN: VIPs through rtnetlink). Swap it in <see cref="VrrpRuntimeAdapters.CreateLinux"/>.
/// "Already there" on add and "not there" on remove count as success, as IVipManager requires.
/// </summary>
public sealed class IpCommandVipManager : IVipManager
{
    private readonly string? _namespace;
    private readonly Action<string>? _log;

    public IpCommandVipManager(string? networkNamespace = null, Action<string>? log = null)
    {
        _namespace = networkNamespace;
        _log = log;
    }

    public void Add(VrrpVirtualAddress address, string defaultInterface) => Run("add", address, defaultInterface, "File exists");

    public void Remove(VrrpVirtualAddress address, string defaultInterface) => Run("del", address, defaultInterface, "Cannot assign requested address", "Address not found");

    private void Run(string verb, VrrpVirtualAddress a, string defaultInterface, params string[] benign)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (_namespace is not null)
        {
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add(_namespace);
        }

        foreach (var arg in new[] { "addr", verb, a.Address + "/" + a.PrefixLength.ToString(CultureInfo.InvariantCulture), "dev", a.Device ?? defaultInterface })
            psi.ArgumentList.Add(arg);
        if (verb == "add" && a.Label is not null) { psi.ArgumentList.Add("label"); psi.ArgumentList.Add(a.Label); }
        if (verb == "add" && a.Scope is not null) { psi.ArgumentList.Add("scope"); psi.ArgumentList.Add(a.Scope); }
        if (verb == "add" && a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) psi.ArgumentList.Add("nodad");

        using var p = Process.Start(psi) ?? throw new HaToolsException("VipCommandFailed", HaToolsErrorKind.InvalidOperation, "could not run ip", a);
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && !benign.Any(b => err.Contains(b, StringComparison.Ordinal)))
            throw new HaToolsException("VipCommandFailed", HaToolsErrorKind.InvalidOperation, $"ip addr {verb} {a}: {err.Trim()}", a);
        if (p.ExitCode == 0) _log?.Invoke($"{(verb == "add" ? "Adding" : "Removing")} VIP {a}");
    }
}
