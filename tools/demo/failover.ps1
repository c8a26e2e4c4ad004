<#
.SYNOPSIS
    The HaTools failover demo: two VRRP nodes in a namespace lab, a client on the VIP, the master killed.

.DESCRIPTION
    Builds a throw-away lab (two node namespaces and a client on one bridge, HaTools.Core.Lab), starts
    Start-VrrpInstance -Wait in each node through the real PowerShell engine (hatools-shell, one process per
    node), checks the client reaches the VIP on the master, SIGKILLs the master's VRRP process and cuts its
    link (a host crash), measures how long until the backup answers ARP for the VIP, prints the timeline and
    removes every namespace. Exits 0 only when the backup took over.
    Run with root: bash tools/demo/failover.sh
#>
param(
    [ValidateSet(2, 3)] [int] $Version = 3,
    [double] $AdvertisementInterval = 0.1,
    # Budget for both nodes to come up: hatools-shell start-up alone takes 20+ s on a loaded 2-core machine.
    [int] $TimeoutSeconds = 120
)

$ErrorActionPreference = 'Stop'
$shell = [Environment]::ProcessPath
$manifest = (Get-Module HaTools).Path -replace 'module/bin/HaTools.dll$', 'HaTools.psd1'
# The lab types live in HaTools.Core, which the module loads lazily: load it now from the module folder.
$null = [Reflection.Assembly]::LoadFrom([IO.Path]::Combine([IO.Path]::GetDirectoryName((Get-Module HaTools).Path), 'HaTools.Core.dll'))
function Say([string] $text) { [Console]::WriteLine($text) }

if ($Version -eq 2 -and $AdvertisementInterval -lt 1) { $AdvertisementInterval = 1 }
# Outside the lab's node and client addresses (10.99.0.2.., client .100).
$vip = '10.99.0.250'
$removed = [HaTools.Core.Lab.FailoverLab]::RemoveStale('htdemo')
if ($removed -gt 0) { Say "Removed $removed stale demo namespaces." }

$options = [HaTools.Core.Lab.LabOptions]::new()
$options.Prefix = 'htdemo'
$lab = [HaTools.Core.Lab.FailoverLab]::Create(2, $options)
$ok = $false
try {
    $n1, $n2 = $lab.Nodes
    Say "Lab $($lab.Id): $($n1), $($n2), client $($lab.Client.IPv4); VIP $vip"
    Say ("VRRPv{0}, advert every {1} s: a backup takes over within Master_Down_Interval = 3 x {1} + skew" -f $Version, $AdvertisementInterval)

    $nodes = @(
        @{ Node = $n1; Name = 'node1'; Priority = 150 },
        @{ Node = $n2; Name = 'node2'; Priority = 100 })
    $procs = @{}
    foreach ($n in $nodes) {
        # Each node is its own process in its own namespace, as on two machines.
        $cmd = "Start-VrrpInstance -Name VI_DEMO -Interface $($n.Node.Interface) -VirtualRouterId 42 -Priority $($n.Priority) " +
               "-Version $Version -AdvertisementInterval $AdvertisementInterval -VirtualIPAddress $vip/24 -GarpMasterDelay 1 -Wait -InformationAction Continue"
        $procs[$n.Name] = $lab.Start($n.Node, $n.Name, $shell, '-Module', $manifest, '-Command', $cmd)
    }

    # One deadline for the start-up of both nodes (they start in parallel), so the demo's own waits add up to a known bound.
    $startupDeadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    function Remaining { $left = $startupDeadline - [DateTime]::UtcNow; if ($left -lt [TimeSpan]::Zero) { [TimeSpan]::Zero } else { $left } }
    if (-not $procs.node1.WaitForOutput('Entering MASTER STATE', (Remaining))) {
        throw "node1 never became master. Its output:`n$($procs.node1.Output)"
    }
    $lab.Record('vrrp', 'node1', '(VI_DEMO) Entering MASTER STATE')
    if (-not $procs.node2.WaitForOutput('Entering BACKUP STATE', (Remaining))) {
        throw "node2 never came up as backup. Its output:`n$($procs.node2.Output)"
    }
    $lab.Record('vrrp', 'node2', '(VI_DEMO) Entering BACKUP STATE')

    $before = $lab.WaitUntilAnswering([Net.IPAddress]::Parse($vip), $n1, [TimeSpan]::FromMilliseconds(200), [TimeSpan]::FromSeconds(10))
    if ($null -eq $before) { throw "The client cannot reach the VIP on node1." }
    $ping = $lab.ClientPing([Net.IPAddress]::Parse($vip))
    $lab.Record('client', $null, "ping $vip -> $(if ($ping) { 'reply' } else { 'no reply' }), ARP entry $($lab.ClientNeighbor([Net.IPAddress]::Parse($vip)))")

    # The master host dies: its VRRP process gets SIGKILL (no goodbye advert) and its link goes away.
    $killedAt = $lab.Elapsed
    $lab.Kill($procs.node1)
    $lab.SetLink($n1, $false)

    $answeredAt = $lab.WaitUntilAnswering([Net.IPAddress]::Parse($vip), $n2, [TimeSpan]::FromMilliseconds(5), [TimeSpan]::FromSeconds(30))
    # node2 answers ARP as soon as it has added the VIP, but the client's cache still points at the dead node1
    # (the kernel ignores ARP replies within a second of its last update) until node2's gratuitous ARP arrives,
    # a moment later from node2's announcer thread. A ping sent before that is lost, so wait for the GARP first.
    $switchedAt = $null
    if ($null -ne $answeredAt) {
        $switchedAt = $lab.WaitUntilClientNeighbor([Net.IPAddress]::Parse($vip), $n2, [TimeSpan]::FromSeconds(5))
    }
    if ($procs.node2.WaitForOutput('Entering MASTER STATE', [TimeSpan]::FromSeconds(5))) {
        $lab.Record('vrrp', 'node2', '(VI_DEMO) Entering MASTER STATE')
    }
    $ping = $lab.ClientPing([Net.IPAddress]::Parse($vip))
    $lab.Record('client', $null, "ping $vip -> $(if ($ping) { 'reply' } else { 'no reply' }), ARP entry $($lab.ClientNeighbor([Net.IPAddress]::Parse($vip)))")

    # node2 stops gracefully (SIGTERM: priority-0 advert, VIP removed) so nothing is left behind.
    $null = $procs.node2.Terminate([TimeSpan]::FromSeconds(20))
    $lab.Record('stop', 'node2', "SIGTERM: graceful stop, exit code $($procs.node2.ExitCode)")

    Say ''
    Say 'Timeline (lab clock):'
    foreach ($e in $lab.Timeline) { Say "  $e" }
    Say ''
    Say 'node2 (hatools-shell) output:'
    foreach ($l in $procs.node2.Output.Split("`n")) { if ($l.Trim()) { Say "  | $($l.TrimEnd())" } }
    Say ''
    if ($null -eq $answeredAt) {
        Say "FAILED: node2 never answered for $vip after the master was killed."
    } else {
        $takeover = ($answeredAt - $killedAt).TotalMilliseconds
        $skew = (256 - 100) / 256 * $AdvertisementInterval
        $bound = (3 * $AdvertisementInterval + $skew) * 1000
        Say ("Takeover: {0:N0} ms from SIGKILL to node2 answering ARP for {1} (Master_Down_Interval {2:N0} ms)." -f $takeover, $vip, $bound)
        if ($null -eq $switchedAt) {
            Say "FAILED: the client's ARP cache never moved to node2 (no gratuitous ARP arrived)."
        } else {
            Say ("Client ARP cache moved to node2 {0:N0} ms after SIGKILL (gratuitous ARP)." -f ($switchedAt - $killedAt).TotalMilliseconds)
        }
        $ok = $ping -and $null -ne $switchedAt
        if (-not $ping) { Say "FAILED: the client could not ping $vip after the takeover." }
    }
}
catch {
    Say "FAILED: $($_.Exception.Message)"
    $ok = $false
}
finally {
    $lab.Dispose()
    Say "Lab $($lab.Id) removed."
}
if ($ok) { Say 'PASS: the backup took over the VIP.'; exit 0 } else { exit 1 }
