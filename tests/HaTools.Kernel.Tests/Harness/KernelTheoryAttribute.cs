namespace HaTools.Kernel.Tests.Harness;

/// <summary>A theory that needs the VM's kernel; Skipped (with the reason) outside the VM.</summary>
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        if (!KernelEnvironment.IsInsideVm) Skip = KernelEnvironment.SkipReason;
    }
}
