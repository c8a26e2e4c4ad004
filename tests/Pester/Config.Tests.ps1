#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for Import-KeepalivedConfig / Export-KeepalivedConfig: ./build.ps1 -Task Pester.
# The same user workflows as tests/HaTools.PowerShell.Tests/Config, written the way a pwsh user would.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../HaTools.psd1') -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
    $script:Fq = ',HaTools.Commands.ImportKeepalivedConfigCommand'
}

Describe 'Import-KeepalivedConfig' {
    It 'reads an nginx VRRP pair node into typed objects' {
        $c = Import-KeepalivedConfig (Join-Path $script:Examples 'nginx-vrrp-pair/node-a.conf')
        $c | Should -BeOfType HaTools.Core.Config.KeepalivedConfig
        $vi = $c.VrrpInstances[0]
        $vi.Name | Should -Be 'VI_WEB'
        $vi.State | Should -Be 'Master'
        $vi.VirtualRouterId | Should -Be 51
        $vi.VirtualIPAddresses[0].Address | Should -BeOfType System.Net.IPAddress
        $vi.VirtualIPAddresses[0].Address.ToString() | Should -Be '192.0.2.10'
        $vi.Line | Should -Be 20
        $c.Diagnostics | Should -BeNullOrEmpty
    }

    It 'reads an LVS-DR director with TCP_CHECK real servers' {
        $vs = (Import-KeepalivedConfig (Join-Path $script:Examples 'lvs-dr-pair/director-a.conf')).VirtualServers[0]
        $vs.Method | Should -Be 'Dr'
        $vs.RealServers.Count | Should -Be 2
        $vs.RealServers[0].Checkers[0] | Should -BeOfType HaTools.Core.Config.TcpCheckConfig
        $vs.RealServers[0].Checkers[0].ConnectTimeout | Should -Be ([timespan]::FromSeconds(3))
    }

    It 'reads HTTP_GET digests and status ranges' {
        $http = (Import-KeepalivedConfig (Join-Path $script:Examples 'lvs-nat-http-digest/keepalived.conf')).VirtualServers[0].RealServers[0].Checkers[0]
        $http.Urls[0].Digest | Should -Be '9b3a0c85a887a256d6939da88aabd8cd'
        $http.Urls[1].StatusCodes[0].Min | Should -Be 200
        $http.Urls[1].StatusCodes[0].Max | Should -Be 299
    }

    It 'expands wildcards and binds Get-ChildItem output by PSPath' {
        (Import-KeepalivedConfig (Join-Path $script:Examples 'lvs-dr-pair/director-*.conf')).Count | Should -Be 2
        (Get-ChildItem (Join-Path $script:Examples 'nginx-vrrp-pair') -Filter *.conf | Import-KeepalivedConfig).GlobalDefs.RouterId |
            Sort-Object | Should -Be @('nginx-a', 'nginx-b')
    }

    It 'selects @id lines with -ConfigId' {
        $path = Join-Path $script:Examples 'unicast/keepalived.conf'
        (Import-KeepalivedConfig $path -ConfigId node1).VrrpInstances[0].Priority | Should -Be 150
        (Import-KeepalivedConfig $path -ConfigId node2).VrrpInstances[0].Priority | Should -Be 100
    }

    It 'reports a missing file as ConfigFileNotFound (ObjectNotFound)' {
        Import-KeepalivedConfig /nonexistent/keepalived.conf -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "ConfigFileNotFound$($script:Fq)"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be '/nonexistent/keepalived.conf'
    }

    It 'warns about misspelt keywords with file:line and a suggestion' {
        $null = Import-KeepalivedConfig -Content "vrrp_instance VI_1 {`n interface eth0`n virtual_router_id 1`n virtual_ipaddress { 10.0.0.1 }`n netify_backup /bin/true`n}" -WarningVariable w -WarningAction SilentlyContinue
        $w.Count | Should -Be 1
        "$($w[0])" | Should -Be "<content>:5: Unknown keyword 'netify_backup'; did you mean 'notify_backup'?"
    }

    It 'makes errors ErrorRecords whose TargetObject is the diagnostic' {
        $c = Import-KeepalivedConfig -Content "global_defs {`n}`n}" -ErrorVariable err -ErrorAction SilentlyContinue
        $c | Should -Not -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "ExtraCloseBrace$($script:Fq)"
        $err[0].TargetObject.Line | Should -Be 3
        $err[0].TargetObject.Code | Should -Be 'ExtraCloseBrace'
    }

    It 'stops at the first warning with -Strict' {
        { Import-KeepalivedConfig -Content "global_defs {`n router_idd x`n}" -Strict -ErrorAction Stop } |
            Should -Throw -ErrorId "UnknownKeyword$($script:Fq)"
    }

    It 'masks auth_pass in ToString and the default table view' {
        $vi = (Import-KeepalivedConfig (Join-Path $script:Examples 'nginx-vrrp-pair/node-a.conf')).VrrpInstances[0]
        $vi.ToString() | Should -Not -Match 'n9inxPW'
        ($vi | Format-Table | Out-String) | Should -Not -Match 'n9inxPW'
        ($vi | Format-List | Out-String) | Should -Match '\*{8}'
        $vi.AuthPass | Should -Be 'n9inxPW'
    }
}

Describe 'Export-KeepalivedConfig' {
    BeforeEach {
        $script:Out = Join-Path ([IO.Path]::GetTempPath()) "htcfg-pester-$PID-$([guid]::NewGuid().ToString('n')).conf"
    }
    AfterEach {
        if (Test-Path $script:Out) { Set-ItemProperty $script:Out -Name IsReadOnly -Value $false; Remove-Item $script:Out }
    }

    It 'round-trips <_> to equal objects' -ForEach @(Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Recurse -Filter *.conf | ForEach-Object FullName) {
        $a = Import-KeepalivedConfig $_ -ConfigId node1
        $b = Import-KeepalivedConfig -Content ($a | Export-KeepalivedConfig) -ConfigId node1
        $a.Equals($b) | Should -BeTrue
    }

    It 'writes a file keepalived accepts, with the exact auth_pass' {
        Import-KeepalivedConfig (Join-Path $script:Examples 'nginx-vrrp-pair/node-a.conf') |
            Export-KeepalivedConfig -Path $script:Out -PassThru | Should -BeOfType System.IO.FileInfo
        Get-Content $script:Out -Raw | Should -Match 'auth_pass n9inxPW'
        if (Get-Command keepalived -ErrorAction SilentlyContinue) {
            keepalived -t -l -f $script:Out 2>&1 | Out-String | Should -Not -Match 'Unknown keyword'
        }
    }

    It 'writes nothing with -WhatIf' {
        Import-KeepalivedConfig (Join-Path $script:Examples 'ipv6/keepalived.conf') | Export-KeepalivedConfig -Path $script:Out -WhatIf
        Test-Path $script:Out | Should -BeFalse
    }

    It 'refuses to replace a file with -NoClobber' {
        Set-Content $script:Out 'old'
        { Import-KeepalivedConfig (Join-Path $script:Examples 'ipv6/keepalived.conf') | Export-KeepalivedConfig -Path $script:Out -NoClobber -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConfigFileExists,HaTools.Commands.ExportKeepalivedConfigCommand'
        Get-Content $script:Out -Raw | Should -Match 'old'
    }

    It 'exports single sections from the pipeline' {
        $c = Import-KeepalivedConfig (Join-Path $script:Examples 'lvs-dr-pair/director-a.conf')
        ($c.VirtualServers | Export-KeepalivedConfig) | Should -Match '^virtual_server 198\.51\.100\.80 80 \{'
    }
}
