#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents and packages HaTools.

.DESCRIPTION
    For pwsh users. Everything CI runs also works without pwsh (see README.md); this script is a
    thin wrapper over the same dotnet commands plus the pwsh-only parts (Pester).

    -Task Build    dotnet build of the solution: the module lands in module/bin and the help
                   (docs/*.md -> en-US/HaTools.dll-Help.xml) next to HaTools.psd1, so
                   Import-Module ./HaTools.psd1 works afterwards.
    -Task Test     the xunit suites (unit and hosted PowerShell; network and kernel tests need root).
    -Task Pester   Invoke-Pester on tests/Pester (needs Pester 5.x) against the built module.
    -Task Docs     rebuilds the MAML help from docs/ only.
    -Task Package  a self-contained module folder in out/HaTools/<version>/ for Install/Publish.

.EXAMPLE
    ./build.ps1 -Task Build; Import-Module ./HaTools.psd1

.EXAMPLE
    ./build.ps1 -Task Build, Pester
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Docs', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    Write-Host "> $Command $($Arguments -join ' ')" -ForegroundColor Cyan
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command exited with code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'HaTools.sln'), '-c', $Configuration, '-nologo')
}

function Invoke-Docs {
    Invoke-Native dotnet @('build', (Join-Path $root 'tools/HaTools.HelpBuilder'), '-c', $Configuration, '-nologo')
    $builder = Join-Path $root "tools/HaTools.HelpBuilder/bin/$Configuration/net8.0/HaTools.HelpBuilder.dll"
    Invoke-Native dotnet @($builder, (Join-Path $root 'docs'), (Join-Path $root 'en-US'), 'HaTools.dll')
}

function Invoke-Test {
    foreach ($project in 'tests/HaTools.Core.Tests', 'tests/HaTools.PowerShell.Tests') {
        Invoke-Native dotnet @('test', (Join-Path $root $project), '-c', $Configuration, '-nologo')
    }
}

function Invoke-PesterSuite {
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) { throw 'Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser' }
    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $root 'out/pester-results.xml'
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $root 'out')
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
}

function Invoke-Package {
    Invoke-Build
    $manifest = Import-PowerShellDataFile (Join-Path $root 'HaTools.psd1')
    $target = Join-Path $root "out/HaTools/$($manifest.ModuleVersion)"
    if (Test-Path $target) { Remove-Item -Recurse -Force $target }
    $null = New-Item -ItemType Directory -Force -Path $target
    Copy-Item (Join-Path $root 'module/bin/*.dll') $target
    Copy-Item -Recurse (Join-Path $root 'module/formats'), (Join-Path $root 'module/types'), (Join-Path $root 'en-US') $target
    # The packaged manifest sits next to the DLL, so its paths lose the module/ and module/bin/ prefixes.
    $text = Get-Content -Raw (Join-Path $root 'HaTools.psd1')
    $text = $text -replace "module/bin/", '' -replace "module/", ''
    Set-Content -Path (Join-Path $target 'HaTools.psd1') -Value $text -NoNewline
    $null = Test-ModuleManifest (Join-Path $target 'HaTools.psd1')
    Write-Host "Packaged HaTools $($manifest.ModuleVersion) in $target"
}

foreach ($t in $Task) {
    switch ($t) {
        'Build'   { Invoke-Build }
        'Test'    { Invoke-Build; Invoke-Test }
        'Pester'  { Invoke-Build; Invoke-PesterSuite }
        'Docs'    { Invoke-Docs }
        'Package' { Invoke-Package }
    }
}
