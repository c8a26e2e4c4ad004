using System.Diagnostics;

namespace HaTools.PowerShell.Tests.Vrrp;

/// <summary>
/// Two network namespaces joined by a veth pair (10.88.x.1/24 and .2/24), made with ip(8) and removed on
/// Dispose. Root only; names start with "htvj" and the test process id so parallel runs do not collide.
/// </summary>
public sealed class VethPair : IDisposable
{
    private static int s_seq;

    /// <param name="interfaceName">Both ends' name (e.g. "eth0", so a real keepalived.conf runs unchanged); default vjaN/vjbN.</param>
    /// <param name="subnet">First three octets (e.g. "10.77.0", the golden configs' lab); default a per-process 10.88.x.</param>
    public VethPair(string? interfaceName = null, string? subnet = null)
    {
        var n = Interlocked.Increment(ref s_seq);
        var id = $"htvj{Environment.ProcessId}x{n}";
        NamespaceA = id + "a";
        NamespaceB = id + "b";
        Subnet = subnet ?? $"10.88.{(Environment.ProcessId + n) % 250}";
        Ip("netns", "add", NamespaceA);
        Ip("netns", "add", NamespaceB);
        InterfaceA = interfaceName ?? "vja" + n;
        InterfaceB = interfaceName ?? "vjb" + n;
        Ip("link", "add", InterfaceA, "netns", NamespaceA, "type", "veth", "peer", "name", InterfaceB, "netns", NamespaceB);
        Ip("-n", NamespaceA, "addr", "add", AddressA + "/24", "dev", InterfaceA);
        Ip("-n", NamespaceB, "addr", "add", AddressB + "/24", "dev", InterfaceB);
        foreach (var (ns, dev) in new[] { (NamespaceA, InterfaceA), (NamespaceB, InterfaceB) })
        {
            Ip("-n", ns, "link", "set", dev, "up");
            Ip("-n", ns, "link", "set", "lo", "up");
        }
    }

    public string NamespaceA { get; }
    public string NamespaceB { get; }
    public string InterfaceA { get; }
    public string InterfaceB { get; }
    public string Subnet { get; }
    public string AddressA => Subnet + ".1";
    public string AddressB => Subnet + ".2";
    public string Vip => Subnet + ".100";

    /// <summary>IPv4 addresses configured on the namespace's veth end.</summary>
    public string Addresses(string ns) => Ip("-n", ns, "-4", "-br", "addr", "show");

    public static string Ip(params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {err}");
        return output;
    }

    public void Dispose()
    {
        foreach (var ns in new[] { NamespaceA, NamespaceB })
        {
            try
            {
                Ip("netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
