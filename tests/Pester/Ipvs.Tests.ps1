#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 tests of the Ipvs cmdlets for pwsh users (root, Linux with ip_vs): ./build.ps1 -Task Pester.
# Every change is checked with the real ipvsadm. The xunit VM suite (tests/HaTools.Kernel.Tests/Ipvs)
# runs the same checks in CI; this file is for a real director. It flushes the IPVS table.

BeforeDiscovery {
    if (-not (Test-Path /proc/net/ip_vs)) { modprobe ip_vs 2>$null }
    $script:HasIpvs = Test-Path /proc/net/ip_vs
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../HaTools.psd1') -Force
    $script:Rules = Join-Path $PSScriptRoot '../assets/ipvs/lvs-dr.rules'
}

Describe 'Ipvs cmdlets against the kernel' -Skip:(-not $script:HasIpvs) {
    BeforeEach { ipvsadm -C }
    AfterAll { ipvsadm -C }

    It 'builds an LVS-DR pool that ipvsadm lists identically' {
        New-IpvsService -Address 192.0.2.10 -Port 80 -Scheduler wlc | Add-IpvsRealServer -RealAddress 10.0.0.11 -ForwardingMethod DirectRouting
        Get-IpvsService -Port 80 | Add-IpvsRealServer -RealAddress 10.0.0.13 -ForwardingMethod DirectRouting -Weight 2
        (ipvsadm -S -n) -join "`n" | Should -Be ("-A -t 192.0.2.10:80 -s wlc`n-a -t 192.0.2.10:80 -r 10.0.0.11:80 -g -w 1`n-a -t 192.0.2.10:80 -r 10.0.0.13:80 -g -w 2")
    }

    It 'drains a real server with weight 0' {
        Import-IpvsConfig $script:Rules | New-IpvsService
        Get-IpvsRealServer -RealAddress 10.0.0.11 | Set-IpvsRealServer -Weight 0
        (Get-IpvsRealServer -RealAddress 10.0.0.11).Weight | Should -Be 0
        (ipvsadm -S -n) -match '-r 10.0.0.11:80 -g -w 0' | Should -Not -BeNullOrEmpty
    }

    It 'exports what ipvsadm -S saves and a sync of the same file changes nothing' {
        Import-IpvsConfig $script:Rules | New-IpvsService
        Export-IpvsConfig | Should -Be (((ipvsadm -S -n) -join "`n") + "`n")
        Sync-IpvsConfig -Path $script:Rules -Confirm:$false | Should -BeNullOrEmpty
    }

    It 'reports a duplicate service as ResourceExists' {
        New-IpvsService -Address 10.0.0.1 -Port 80
        New-IpvsService -Address 10.0.0.1 -Port 80 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'IpvsServiceExists,HaTools.Commands.NewIpvsServiceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'zeroes the counters of one service and leaves the others' {
        ip addr add 10.255.1.1/32 dev lo
        try {
            ipvsadm -A -t 10.255.1.1:7 -s rr; ipvsadm -a -t 10.255.1.1:7 -r 10.255.1.1:9 -m
            ipvsadm -A -t 10.255.1.1:8 -s rr; ipvsadm -a -t 10.255.1.1:8 -r 10.255.1.1:9 -m
            foreach ($port in 7, 8) { try { [Net.Sockets.TcpClient]::new('10.255.1.1', $port).Dispose() } catch { } }
            # Counters show on the kernel's 2 s estimator tick.
            $deadline = (Get-Date).AddSeconds(20)
            while (((Get-IpvsService -Port 8).Stats.Connections -eq 0) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 500 }
            $before = (Get-IpvsService -Port 8).Stats.Connections
            $before | Should -BeGreaterThan 0
            (Clear-IpvsCounter 10.255.1.1 7 -PassThru).Stats.Connections | Should -Be 0
            (Get-IpvsService -Port 8).Stats.Connections | Should -Be $before
        }
        finally { ip addr del 10.255.1.1/32 dev lo }
    }

    It 'agrees with ipvsadm on timeouts' {
        $before = Get-IpvsTimeout
        try {
            Set-IpvsTimeout -Tcp 1200
            (ipvsadm -L --timeout) | Should -Match "Timeout \(tcp tcpfin udp\): 1200 $($before.TcpFin) $($before.Udp)"
        }
        finally { Set-IpvsTimeout -Tcp $before.Tcp }
    }
}

Describe 'Ipvs cmdlets without a kernel' {
    It 'rejects a bad address at binding time' {
        { New-IpvsService -Address 10 -Port 80 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,HaTools.Commands.NewIpvsServiceCommand'
    }

    It 'round-trips an ipvsadm-save file' {
        Import-IpvsConfig $script:Rules | Export-IpvsConfig | Should -Be ((Get-Content -Raw $script:Rules))
    }
}
