#
# HaTools module manifest. ModuleVersion is written by the build from Directory.Build.props.
# Import-Module ./HaTools.psd1 works from a built checkout (dotnet build, or ./build.ps1 -Task Build).
#
@{
    RootModule             = 'module/bin/HaTools.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core')
    GUID                   = 'a8deb5c5-1fe9-4451-a243-768fee0d3c40'
    Author                 = 'HaTools contributors'
    CompanyName            = 'HaTools'
    Copyright              = '(c) 2026 HaTools contributors. MIT License.'
    Description            = 'keepalived and ipvsadm as PowerShell cmdlets on Linux: VRRP virtual IPs, IPVS load balancing, health checks and keepalived.conf import/export.'
    PowerShellVersion      = '7.4'
    FormatsToProcess       = @(
        'module/formats/Config.Format.ps1xml'
        'module/formats/Ipvs.Format.ps1xml'
        'module/formats/Checks.Format.ps1xml'
        'module/formats/Vrrp.Format.ps1xml'
    )
    TypesToProcess         = @(
        'module/types/Config.Types.ps1xml'
    )
    CmdletsToExport        = @(
        'New-IpvsService'
        'Get-IpvsService'
        'Set-IpvsService'
        'Remove-IpvsService'
        'Clear-IpvsService'
        'Clear-IpvsCounter'
        'Add-IpvsRealServer'
        'Get-IpvsRealServer'
        'Set-IpvsRealServer'
        'Remove-IpvsRealServer'
        'Get-IpvsTimeout'
        'Set-IpvsTimeout'
        'Get-IpvsInfo'
        'Export-IpvsConfig'
        'Import-IpvsConfig'
        'Sync-IpvsConfig'
        'Import-KeepalivedConfig'
        'Test-HttpGetDigest'
        'Test-RealServer'
        'Start-VirtualServer'
        'Get-VirtualServerStatus'
        'Start-VrrpInstance'
        'Get-VrrpInstance'
        'Set-VrrpInstance'
        'Stop-VrrpInstance'
        'Suspend-VrrpInstance'
        'Resume-VrrpInstance'
        'Export-KeepalivedConfig'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Linux', 'VRRP', 'keepalived', 'IPVS', 'LVS', 'ipvsadm', 'HighAvailability', 'LoadBalancer', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
