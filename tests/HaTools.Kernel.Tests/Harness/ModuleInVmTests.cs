namespace HaTools.Kernel.Tests.Harness;

/// <summary>The hosted PowerShell engine and the built module work inside the VM, as the IPVS cmdlet tests need.</summary>
[Collection(KernelPowerShellCollection.Name)]
public sealed class ModuleInVmTests(KernelPowerShell ps)
{
    [KernelFact]
    public void Built_module_imports_inside_the_vm()
    {
        var r = ps.Invoke("(Get-Module HaTools).Name");

        r.ThrowIfErrors();
        Assert.Equal("HaTools", Assert.Single(r.Output).ToString());
    }

    [KernelFact]
    public void Ipvs_cmdlets_are_exported()
    {
        var r = ps.Invoke("(Get-Command -Module HaTools -Noun Ipvs*).Name");

        r.ThrowIfErrors();
        Assert.Contains("Get-IpvsService", r.Output.Select(o => o.ToString()));
    }
}
