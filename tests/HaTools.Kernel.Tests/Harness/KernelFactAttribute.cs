namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// A fact that needs the VM's kernel. Outside the VM it is reported Skipped with
/// <see cref="KernelEnvironment.SkipReason"/>, never Passed.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        if (!KernelEnvironment.IsInsideVm) Skip = KernelEnvironment.SkipReason;
    }
}
