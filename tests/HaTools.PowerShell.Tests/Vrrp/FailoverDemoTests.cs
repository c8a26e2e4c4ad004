using System.Diagnostics;

namespace HaTools.PowerShell.Tests.Vrrp;

/// <summary>
/// The main job's failover demo, end to end: hatools-shell runs tools/demo/failover.ps1, which runs two
/// VRRP nodes as separate hatools-shell processes in a namespace lab and SIGKILLs the master (root).
/// </summary>
[Collection(HostedJobsCollection.Name)]
public sealed class FailoverDemoTests
{
    private static string Shell => Path.Combine(PowerShellSession.RepoRoot, "tools", "HaTools.Shell", "bin", "Debug", "net10.0", "hatools-shell");

    [Fact]
    public void Hatools_shell_stops_jobs_left_running_so_no_VIP_outlives_the_script()
    {
        using var net = new VethPair();
        var psi = new ProcessStartInfo(Shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-Command");
        psi.ArgumentList.Add($"$null = Start-VrrpInstance -Name VI_Q -Interface {net.InterfaceA} -VirtualRouterId 5 -State MASTER -VirtualIPAddress {net.Vip}/24 " +
                             $"-NetworkNamespace {net.NamespaceA} -GarpMasterDelay 0; $null = Wait-Job -Timeout 2 (Get-Job); & ip -n {net.NamespaceA} -4 -br addr show; exit 3");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "hatools-shell did not exit");
        Assert.Equal(3, p.ExitCode); // exit N is the process exit code
        Assert.Contains(net.Vip + "/24", stdout.Result); // the VIP was up while the script ran
        Assert.DoesNotContain(net.Vip + "/24", net.Addresses(net.NamespaceA)); // and gone after exit
    }

    [Fact]
    public void Demo_shows_the_backup_taking_over_and_removes_its_namespaces()
    {
        var shell = Shell;
        Assert.True(File.Exists(shell), "build tools/HaTools.Shell first (dotnet build HaTools.sln)");
        var psi = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-File", Path.Combine(PowerShellSession.RepoRoot, "tools", "demo", "failover.ps1") }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // Longer than the demo's own waits added up (120 s node start-up, 10 s first answer, 30 s takeover, 5 s GARP,
        // 20 s stop) plus the parent shell's start-up, so a slow run fails inside the demo, with its timeline and
        // lab cleanup, instead of being cut off here and leaving namespaces behind.
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("the demo did not finish in 5 minutes:\n" + stdout.Result);
        }

        var text = stdout.Result + stderr.Result;
        Assert.True(p.ExitCode == 0, text);
        Assert.Contains("PASS: the backup took over the VIP.", text);
        Assert.Matches(@"Takeover: [\d,]+ ms from SIGKILL", text);
        Assert.Matches(@"Client ARP cache moved to node2 [\d,]+ ms after SIGKILL", text);
        Assert.Contains("kill", text);
        var id = System.Text.RegularExpressions.Regex.Match(text, @"Lab (htdemo\w+) removed").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.DoesNotContain(id, VethPair.Ip("netns", "list"));
    }
}
