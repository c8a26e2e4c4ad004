using HaTools.PowerShell.Tests;

namespace HaTools.Kernel.Tests.Harness;

/// <summary>The hosted PowerShell engine and the built module work inside the VM, as the IPVS cmdlet tests need.</summary>
public sealed class ModuleInVmTests
{
    [KernelFact]
    public void Built_module_imports_inside_the_vm()
    {
        using var s = new PowerShellSession();

        var r = s.Invoke("(Get-Module HaTools).Name");

        r.ThrowIfErrors();
        Assert.Equal("HaTools", Assert.Single(r.Output).ToString());
    }
}
