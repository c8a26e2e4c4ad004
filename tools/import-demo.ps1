# The configuration half of the main job: import every example keepalived.conf and show what
# HaTools makes of it — the objects other cmdlets take from the pipeline, and the diagnostics.
param([string] $ExamplesPath = (Join-Path $PSScriptRoot '../examples'))

$files = Get-ChildItem -Path $ExamplesPath -Recurse -Filter *.conf
foreach ($file in $files) {
    Write-Host ''
    Write-Host "=== Import-KeepalivedConfig $($file.FullName)" -ForegroundColor Cyan
    $config = Import-KeepalivedConfig -Path $file.FullName -WarningVariable warnings
    $config
    if ($config.VrrpInstances.Count) { $config.VrrpInstances }
    if ($config.VirtualServers.Count) {
        $config.VirtualServers
        $config.VirtualServers | ForEach-Object { $_.RealServers }
    }
    if ($config.Diagnostics.Count) { $config.Diagnostics }
}

Write-Host ''
Write-Host '=== A config with typos: keepalived would silently ignore these keywords, HaTools names them' -ForegroundColor Cyan
$typos = @'
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    authenticetion {
        auth_type PASS
        auth_pass secret
    }
    netify_backup /usr/local/bin/backup.sh
    virtual_ipaddress {
        192.0.2.10/24
    }
}
'@
$config = Import-KeepalivedConfig -Content $typos
$config.Diagnostics

Write-Host ''
Write-Host '=== Round trip: Export-KeepalivedConfig writes the objects back as keepalived.conf text' -ForegroundColor Cyan
Import-KeepalivedConfig -Path (Join-Path $ExamplesPath 'nginx-vrrp-pair/node-a.conf') | Export-KeepalivedConfig
