using HaTools.PowerShell.Tests;

namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// One hosted PowerShell engine with HaTools imported, shared by every test class in the
/// <see cref="KernelPowerShellCollection"/>: starting the engine costs about a minute of CPU
/// under TCG, so kernel tests must not open one per test. Use: <c>[Collection(KernelPowerShellCollection.Name)]</c>
/// and take <see cref="KernelPowerShell"/> in the constructor. Tests run one at a time, so sharing is safe.
/// </summary>
public sealed class KernelPowerShell : IDisposable
{
    private PowerShellSession? _session;

    /// <summary>Opened on first use, so a skipped class (outside the VM) never starts an engine.</summary>
    public PowerShellSession Session => _session ??= new PowerShellSession();

    /// <summary>Runs a script in the shared session (the module stays imported; variables persist between calls).</summary>
    public InvocationResult Invoke(string script, params object?[] args) => Session.Invoke(script, args);

    public void Dispose() => _session?.Dispose();
}
