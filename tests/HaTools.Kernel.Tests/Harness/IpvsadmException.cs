namespace HaTools.Kernel.Tests.Harness;

/// <summary>ipvsadm exited non-zero; the message carries its command line, exit code and stderr.</summary>
public sealed class IpvsadmException(string[] args, IpvsadmResult result)
    : Xunit.Sdk.XunitException(
        $"ipvsadm {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr.Trim()}{(result.Stdout.Length > 0 ? "\n" + result.Stdout : "")}")
{
    public IpvsadmResult Result { get; } = result;
}
