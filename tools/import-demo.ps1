# The configuration half of the main job: import every example keepalived.conf and show what
# HaTools makes of it — the objects other cmdlets take from the pipeline, and the diagnostics.
# Written for pwsh and for hatools-shell (hosted engine: Core cmdlets only), so paths use .NET calls.
param([string] $ExamplesPath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'examples'))

$files = [System.IO.Directory]::GetFiles([System.IO.Path]::GetFullPath($ExamplesPath), '*.conf', 'AllDirectories')
[System.Array]::Sort($files)
foreach ($file in $files) {
    Write-Host ''
    Write-Host "=== Import-KeepalivedConfig $file" -ForegroundColor Cyan
    $config = Import-KeepalivedConfig -Path $file
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
Import-KeepalivedConfig -Path ([System.IO.Path]::Combine($ExamplesPath, 'nginx-vrrp-pair', 'node-a.conf')) | Export-KeepalivedConfig
