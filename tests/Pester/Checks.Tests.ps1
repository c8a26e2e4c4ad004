#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 health-check tests for pwsh users (Linux, keepalived's genhash and busybox installed): ./build.ps1 -Task Pester.
# A busybox httpd on loopback serves a page; Test-HttpGetDigest must agree with genhash, Test-RealServer must judge it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../HaTools.psd1') -Force
    $script:Root = Join-Path ([IO.Path]::GetTempPath()) "htchk-pester-$PID"
    New-Item -ItemType Directory -Path $script:Root -Force | Out-Null
    Set-Content -Path (Join-Path $script:Root 'index.html') -Value '<html>pester</html>'
    $script:Port = Get-Random -Minimum 20000 -Maximum 40000
    $script:Httpd = Start-Process busybox -ArgumentList 'httpd', '-f', '-p', "127.0.0.1:$($script:Port)", '-h', $script:Root -PassThru
    Start-Sleep -Milliseconds 300
}

AfterAll {
    if ($script:Httpd -and -not $script:Httpd.HasExited) { $script:Httpd.Kill() }
    Remove-Item -Recurse -Force $script:Root -ErrorAction SilentlyContinue
}

Describe 'Test-HttpGetDigest' {
    It 'returns the digest genhash prints for the same page' {
        $theirs = (genhash -s 127.0.0.1 -p $script:Port -u /index.html | Select-Object -Last 1).Trim()
        $ours = Test-HttpGetDigest -Server 127.0.0.1 -Port $script:Port -Path /index.html
        $ours.Digest | Should -Be $theirs
        $ours.StatusCode | Should -Be 200
        $ours.KeepalivedSnippet | Should -Match "digest $theirs"
    }

    It 'reports a refused connection as an error record' {
        Test-HttpGetDigest -Server 127.0.0.1 -Port 1 -Timeout 1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'HttpGetConnectRefused,HaTools.Commands.TestHttpGetDigestCommand'
    }
}

Describe 'Test-RealServer' {
    It 'is healthy for the served page and not for a missing one' {
        (Test-RealServer HTTP_GET 127.0.0.1 $script:Port -Path /index.html -Retry 0).Healthy | Should -BeTrue
        $missing = Test-RealServer HTTP_GET 127.0.0.1 $script:Port -Path /missing.html -Retry 0
        $missing.Healthy | Should -BeFalse
        $missing.Reason | Should -Be 'HTTP status 404, expected 200-299'
    }
}
