namespace HaTools.PowerShell.Tests;

public class ModuleTests
{
    [Fact]
    public void Module_imports_from_the_repository_manifest()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("(Get-Module HaTools).Name");
        r.ThrowIfErrors();
        Assert.Equal("HaTools", Assert.Single(r.Output).ToString());
    }
}
