namespace HaTools.Kernel.Tests.Harness;

/// <summary>The test collection whose classes share one <see cref="KernelPowerShell"/>.</summary>
[CollectionDefinition(Name)]
public sealed class KernelPowerShellCollection : ICollectionFixture<KernelPowerShell>
{
    public const string Name = "Kernel PowerShell";
}
