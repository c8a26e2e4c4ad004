namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// Where the kernel tests are running. tests/Kernel/vm/run.sh sets HATOOLS_VM=1 inside the VM;
/// that, not the presence of IPVS, decides whether kernel tests run, so a VM whose kernel lost
/// IPVS fails loudly instead of skipping quietly.
/// </summary>
public static class KernelEnvironment
{
    public const string SkipReason =
        "Kernel test: runs only inside the test VM (HATOOLS_VM=1). Run tests/Kernel/vm/test.sh.";

    public static bool IsInsideVm => Environment.GetEnvironmentVariable("HATOOLS_VM") == "1";

    /// <summary>/proc/net/ip_vs exists once the ip_vs module is loaded.</summary>
    public static bool HasIpvs => File.Exists("/proc/net/ip_vs");

    /// <summary>A directory on the host (shared into the VM) for files a test wants to keep.</summary>
    public static string? ResultsDirectory => Environment.GetEnvironmentVariable("HATOOLS_VM_RESULTS");

    /// <summary>
    /// True when /proc/net/ip_vs lists no service (it has three header lines, then one line per
    /// service and real server): lets tests skip an ipvsadm -C, as spawning costs under TCG.
    /// </summary>
    public static bool IpvsTableIsEmpty => File.ReadLines("/proc/net/ip_vs").Skip(3).All(string.IsNullOrWhiteSpace);

    /// <summary>Fails with the reason when the kernel has no IPVS: inside the VM that is a harness bug.</summary>
    public static void RequireIpvs()
    {
        if (!HasIpvs)
            throw new Xunit.Sdk.XunitException(
                "The kernel has no IPVS (/proc/net/ip_vs missing): the VM did not load ip_vs. See <results>/console.log.");
    }
}
