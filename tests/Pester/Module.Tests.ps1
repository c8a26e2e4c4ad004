#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for pwsh users: ./build.ps1 -Task Pester (imports the built HaTools.psd1).

BeforeAll {
    $script:ManifestPath = Join-Path $PSScriptRoot '../../HaTools.psd1'
    Import-Module $script:ManifestPath -Force
}

Describe 'HaTools module' {
    It 'has a valid manifest' {
        { Test-ModuleManifest -Path $script:ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile $script:ManifestPath
        $exported = (Get-Module HaTools).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has help with a synopsis and at least two examples for <_>' -ForEach @((Get-Command -Module HaTools -CommandType Cmdlet).Name) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$_*"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'has the about_HaTools topic' {
        Get-Help about_HaTools | Out-String | Should -Match 'Import-KeepalivedConfig'
    }
}
