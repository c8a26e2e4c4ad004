using System.Diagnostics;
using System.Text.RegularExpressions;
using HaTools.Core;
using HaTools.Core.Linux;
using HaTools.Core.Linux.Sockets;

namespace HaTools.Network.Tests;

/// <summary>errno is read from the failing call itself (STYLE.md: Tmds.LibC on .NET 10 once reported a stale errno).</summary>
public class ErrnoTests
{
    [Fact]
    public unsafe void Poll_failure_reports_the_kernels_errno_not_a_stale_one()
    {
        // Leave ENODEV behind first, then make poll fail with EINVAL (nfds above RLIMIT_NOFILE).
        Assert.Throws<HaToolsException>(() => InterfaceQuery.Get("htnosuch0"));
        int r = NativePoll.Poll(null, 1UL << 31, 0); // nfds is an unsigned int in the kernel; 2^31 is above any RLIMIT_NOFILE
        Assert.Equal(-1, r);
        Assert.Equal(Errno.EINVAL, LinuxError.LastErrno());
    }

    [Theory]
    [InlineData(Errno.EPERM, "PermissionDenied", HaToolsErrorKind.PermissionDenied)]
    [InlineData(Errno.ENODEV, "ObjectNotFound", HaToolsErrorKind.ObjectNotFound)]
    [InlineData(Errno.EEXIST, "ResourceExists", HaToolsErrorKind.ResourceExists)]
    [InlineData(Errno.ENOPROTOOPT, "InvalidArgument", HaToolsErrorKind.InvalidArgument)]
    [InlineData(Errno.EADDRNOTAVAIL, "AddressNotAvailable", HaToolsErrorKind.ResourceUnavailable)]
    [InlineData(Errno.ENETUNREACH, "NetworkUnreachable", HaToolsErrorKind.ConnectionError)]
    [InlineData(203, "SystemCallFailed", HaToolsErrorKind.InvalidOperation)]
    public void Errno_maps_to_a_stable_error_id_and_kind(int errno, string errorId, HaToolsErrorKind kind)
    {
        var ex = LinuxError.FromErrno(errno, "test op", "target");
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(kind, ex.Kind);
        Assert.Equal("target", ex.Target);
        Assert.Contains($"errno {errno}", ex.Message);
    }

    [Fact]
    public void Missing_capability_is_permission_denied_naming_it()
    {
        ulong onlyNetAdmin = 1UL << (int)LinuxCapability.NetAdmin;
        var missing = Capabilities.Missing(onlyNetAdmin, LinuxCapability.NetRaw, LinuxCapability.NetAdmin);
        var ex = Capabilities.MissingError("Opening VRRP socket", missing);
        Assert.Equal("PermissionDenied", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("CAP_NET_RAW", ex.Message);
        Assert.DoesNotContain("CAP_NET_ADMIN", ex.Message);
    }

    [Fact]
    public void Raw_socket_without_cap_net_raw_fails_with_permission_denied_naming_cap_net_raw()
    {
        // Drop every capability for a child process (setpriv is util-linux) and let it open a VRRP socket.
        var psi = new ProcessStartInfo("setpriv") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--inh-caps=-all", "--bounding-set=-all", "--", "dotnet", VrrpNodeProcess.DriverPath, "errno-probe" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Contains("PermissionDenied", output);
        Assert.Contains("CAP_NET_RAW", output);
    }

    [Fact]
    public void First_failing_calls_of_a_fresh_process_report_what_strace_saw()
    {
        var psi = new ProcessStartInfo("strace") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string trace = Path.Combine(Path.GetTempPath(), $"htedge-strace-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        foreach (var a in new[] { "-f", "-e", "trace=ioctl,setsockopt", "-o", trace, "dotnet", VrrpNodeProcess.DriverPath, "errno-probe" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        string strace = File.ReadAllText(trace);
        File.Delete(trace);

        string ioctlErrno = Regex.Match(strace, @"SIOCGIFINDEX, \{ifr_name=""htnosuch0""\}\) = -1 (E[A-Z]+)").Groups[1].Value;
        string sockoptErrno = Regex.Match(strace, @"setsockopt\(\d+, SOL_IP, 0x270f.*= -1 (E[A-Z]+)").Groups[1].Value;
        Assert.Equal("ENODEV", ioctlErrno);
        Assert.Equal("ENOPROTOOPT", sockoptErrno);
        Assert.Matches($"PROBE ioctl InterfaceNotFound ObjectNotFound .*\\({ioctlErrno}\\)", output);
        Assert.Matches($"PROBE setsockopt InvalidArgument InvalidArgument .*{sockoptErrno} \\(errno 92\\)", output);
    }
}
