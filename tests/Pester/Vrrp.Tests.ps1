#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 failover test for pwsh users (root, Linux): ./build.ps1 -Task Pester.
# Two namespaces on a veth pair, a VRRP job in each, handover by maintenance, by Suspend-/Resume-VrrpInstance
# and by stopping the master; pipeline rows and -SyncGroup; a real keepalived.conf with v3 + authentication.

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

    It 'hands over when the master is suspended, never takes over while suspended, and preempts when resumed' {
        Get-VrrpInstance VI_A | Suspend-VrrpInstance
        Wait-VrrpState VI_B Master
        Test-Vip $script:NsA | Should -BeFalse
        Start-Sleep -Seconds 1
        $a = Get-VrrpInstance VI_A
        $a.State | Should -Be 'Backup'
        $a.Suspended | Should -BeTrue
        $a.SuspendReason | Should -BeLike 'Suspend-VrrpInstance at *'
        $script:JobA.State | Should -Be 'Suspended'
        Resume-VrrpInstance -Name VI_A
        Wait-VrrpState VI_A Master
        (Get-VrrpInstance VI_A).Suspended | Should -BeFalse
        $script:JobA.State | Should -Be 'Running'
    }

    It 'suspends and resumes every instance of a job through the Job2 API (PowerShell 7 has no Suspend-Job)' {
        $script:JobA.SuspendJob()
        $script:JobA.State | Should -Be 'Suspended'
        Wait-VrrpState VI_B Master
        $script:JobA.ResumeJob()
        $script:JobA.State | Should -Be 'Running'
        Wait-VrrpState VI_A Master
    }

    It 'reports transitions through Receive-Job' {
        $t = Receive-Job $script:JobA
        $t[-1].To | Should -Be 'Master'
        $t.Instance | Sort-Object -Unique | Should -Be 'VI_A'
    }

    It 'starts pipeline rows in one job as one sync group' {
        $rows = @(
            [pscustomobject]@{ Name = 'VI_R1'; VirtualRouterId = 41; VirtualIPAddress = '10.87.0.141/24' }
            [pscustomobject]@{ Name = 'VI_R2'; VirtualRouterId = '42'; VirtualIPAddress = '10.87.0.142/24, 10.87.0.143/24'; NoPreempt = 'false' }
        )
        $job = $rows | Start-VrrpInstance -Interface pva -Version 3 -AdvertisementInterval 0.1 -State MASTER -GarpMasterDelay 0 -NetworkNamespace $script:NsA -SyncGroup G_ROWS
        @($job).Count | Should -Be 1
        (Get-VrrpInstance -Job $job).SyncGroup | Sort-Object -Unique | Should -Be 'G_ROWS'
        Wait-VrrpState VI_R2 Master
        { Start-VrrpInstance -Name VI_R3 -VirtualRouterId 44 -Interface pva -VirtualIPAddress 10.87.0.144/24 -NetworkNamespace $script:NsA -SyncGroup G_ROWS -ErrorAction Stop } |
            Should -Throw -ErrorId 'VrrpSyncGroupInOtherJob,HaTools.Commands.StartVrrpInstanceCommand'
        $job | Remove-Job -Force
    }

    It 'runs a VRRPv3 keepalived.conf with an authentication block, warning as keepalived does' {
        $conf = Join-Path $PSScriptRoot '../assets/vrrp/cmdlets/v3-with-auth.conf'
        # The file names eth0 and 10.77.0.0/24: give it a namespace of its own.
        $ns = "$($script:Id)c"
        ip netns add $ns; ip -n $ns link add eth0 type veth peer name eth1; ip -n $ns link set eth0 up; ip -n $ns link set eth1 up
        ip -n $ns addr add 10.77.0.1/24 dev eth0
        try {
            $job = Import-KeepalivedConfig $conf | Start-VrrpInstance -NetworkNamespace $ns -WarningVariable w -WarningAction SilentlyContinue
            $w.Message | Should -Match 'v3-with-auth.conf:\d+: \(VI_AUTH\) VRRP version 3 does not support authentication'
            Wait-VrrpState VI_AUTH Master
            $job | Remove-Job -Force
        }
        finally { ip netns del $ns }
    }

    It 'hands over within a second when the master stops gracefully' {
        $script:JobA | Stop-Job
        $script:JobA.State | Should -Be 'Stopped'
        Test-Vip $script:NsA | Should -BeFalse
        Wait-VrrpState VI_B Master -Seconds 1
    }
}
