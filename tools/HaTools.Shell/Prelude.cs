namespace HaTools.Shell;

/// <summary>
/// Hosted System.Management.Automation ships only Microsoft.PowerShell.Core cmdlets; scripts written
/// for pwsh expect a few Utility ones. These small stand-ins are defined only when missing.
/// </summary>
internal static class Prelude
{
    public const string Script = """
        $PSStyle.OutputRendering = $args[0]
        if (-not (Get-Command Write-Output -ErrorAction Ignore)) {
            function global:Write-Output { param([Parameter(ValueFromPipeline, ValueFromRemainingArguments)]$InputObject) process { $PSCmdlet.WriteObject($InputObject, $true) } }
        }
        if (-not (Get-Command Write-Host -ErrorAction Ignore)) {
            function global:Write-Host {
                param([Parameter(Position = 0, ValueFromPipeline, ValueFromRemainingArguments)]$Object, [switch]$NoNewline, $Separator = ' ', $ForegroundColor, $BackgroundColor)
                process { $t = (@($Object) | ForEach-Object { "$_" }) -join $Separator; if ($NoNewline) { $Host.UI.Write($t) } else { $Host.UI.WriteLine($t) } }
            }
        }
        if (-not (Get-Command Write-Verbose -ErrorAction Ignore)) {
            function global:Write-Verbose { [CmdletBinding()] param([Parameter(Mandatory, Position = 0, ValueFromPipeline)][string]$Message) process { $PSCmdlet.WriteVerbose($Message) } }
        }
        if (-not (Get-Command Write-Warning -ErrorAction Ignore)) {
            function global:Write-Warning { [CmdletBinding()] param([Parameter(Mandatory, Position = 0, ValueFromPipeline)][string]$Message) process { $PSCmdlet.WriteWarning($Message) } }
        }
        if (-not (Get-Command Write-Information -ErrorAction Ignore)) {
            function global:Write-Information { [CmdletBinding()] param([Parameter(Mandatory, Position = 0, ValueFromPipeline)]$MessageData, [string[]]$Tags) process { $PSCmdlet.WriteInformation($MessageData, $Tags) } }
        }
        if (-not (Get-Command Write-Error -ErrorAction Ignore)) {
            function global:Write-Error {
                [CmdletBinding()] param([Parameter(Mandatory, Position = 0, ValueFromPipeline)][string]$Message, [string]$ErrorId = 'WriteError', [System.Management.Automation.ErrorCategory]$Category = 'NotSpecified', $TargetObject)
                process { $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message), $ErrorId, $Category, $TargetObject)) }
            }
        }
        if (-not (Get-Command Start-Sleep -ErrorAction Ignore)) {
            # Short naps so Ctrl+C (pipeline stop) is honoured between them.
            function global:Start-Sleep {
                param([Parameter(Position = 0)][double]$Seconds, [int]$Milliseconds)
                $until = [DateTime]::UtcNow.AddMilliseconds($Seconds * 1000 + $Milliseconds)
                while ([DateTime]::UtcNow -lt $until) { [System.Threading.Thread]::Sleep([Math]::Max(1, [Math]::Min(100, ($until - [DateTime]::UtcNow).TotalMilliseconds))) }
            }
        }
        if (-not (Get-Command Get-Date -ErrorAction Ignore)) {
            function global:Get-Date { param([switch]$AsUTC) if ($AsUTC) { [DateTime]::UtcNow } else { [DateTime]::Now } }
        }
        """;
}
