namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// Base for tests that change the VM kernel's IPVS table: it must have IPVS, and every test
/// starts and ends with an empty table (tests run one at a time, see AssemblyInfo.cs).
/// Constructed only when a test runs, so skipped tests outside the VM never touch the host.
/// </summary>
public abstract class IpvsKernelTest : IDisposable
{
    protected IpvsKernelTest()
    {
        KernelEnvironment.RequireIpvs();
        if (!KernelEnvironment.IpvsTableIsEmpty) Ipvsadm.Clear();
    }

    public virtual void Dispose()
    {
        if (!KernelEnvironment.IpvsTableIsEmpty) Ipvsadm.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs a command in the guest (ip addr/link for a test's VIP) and waits for it.</summary>
    protected static void Run(string file, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.WaitForExit();
    }
}
