namespace HaTools.Kernel.Tests.Harness;

/// <summary>What one ipvsadm run produced.</summary>
public sealed record IpvsadmResult(int ExitCode, string Stdout, string Stderr);
