#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 failover test for pwsh users (root, Linux): ./build.ps1 -Task Pester.
# Two namespaces on a veth pair, a VRRP job in each, handover by maintenance and by stopping the master.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../HaTools.psd1') -Force
    $script:Id = "htpv$PID"
    $script:NsA = "$($script:Id)a"; $script:NsB = "$($script:Id)b"
    $script:Vip = '10.87.0.100'
    ip netns add $script:NsA; ip netns add $script:NsB
    ip link add pva netns $script:NsA type veth peer name pvb netns $script:NsB
    ip -n $script:NsA addr add 10.87.0.1/24 dev pva; ip -n $script:NsB addr add 10.87.0.2/24 dev pvb
    ip -n $script:NsA link set pva up; ip -n $script:NsB link set pvb up

    function script:Wait-VrrpState([string] $Name, [string] $State, [int] $Seconds = 10) {
        $deadline = (Get-Date).AddSeconds($Seconds)
        while ((Get-VrrpInstance -Name $Name).State -ne $State) {
            if ((Get-Date) -gt $deadline) { throw "$Name did not reach $State" }
            Start-Sleep -Milliseconds 50
        }
    }
    function script:Test-Vip([string] $Namespace) { [bool]((ip -n $Namespace -4 -br addr show) -match [regex]::Escape("$($script:Vip)/24")) }

    $common = @{ VirtualRouterId = 33; Version = 3; AdvertisementInterval = 0.1; VirtualIPAddress = "$($script:Vip)/24"; GarpMasterDelay = 0 }
    $script:JobA = Start-VrrpInstance -Name VI_A -Interface pva -Priority 150 -NetworkNamespace $script:NsA @common
    $script:JobB = Start-VrrpInstance -Name VI_B -Interface pvb -Priority 100 -NetworkNamespace $script:NsB @common
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -eq VrrpJob | Remove-Job -Force
    ip netns del $script:NsA; ip netns del $script:NsB
}

Describe 'VRRP failover between two HaTools nodes' {
    It 'elects the higher priority as master and puts the VIP only there' {
        Wait-VrrpState VI_A Master
        Wait-VrrpState VI_B Backup
        Test-Vip $script:NsA | Should -BeTrue
        Test-Vip $script:NsB | Should -BeFalse
        (Get-VrrpInstance VI_B).MasterAddress.ToString() | Should -Be '10.87.0.1'
    }

    It 'hands over when the master goes into maintenance, and back when it returns' {
        Set-VrrpInstance -Name VI_A -Maintenance
        Wait-VrrpState VI_B Master
        Test-Vip $script:NsB | Should -BeTrue
        Set-VrrpInstance -Name VI_A -Maintenance:$false
        Wait-VrrpState VI_A Master
    }

    It 'reports transitions through Receive-Job' {
        $t = Receive-Job $script:JobA
        $t[-1].To | Should -Be 'Master'
        $t.Instance | Sort-Object -Unique | Should -Be 'VI_A'
    }

    It 'hands over within a second when the master stops gracefully' {
        $script:JobA | Stop-Job
        $script:JobA.State | Should -Be 'Stopped'
        Test-Vip $script:NsA | Should -BeFalse
        Wait-VrrpState VI_B Master -Seconds 1
    }
}
