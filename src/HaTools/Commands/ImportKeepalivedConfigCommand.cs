using System.Management.Automation;
namespace HaTools.Commands;
[Cmdlet(VerbsData.Import, "KeepalivedConfig")]
[OutputType(typeof(string))]
public sealed class ImportKeepalivedConfigCommand : PSCmdlet
{
    [Parameter(Position = 0)] public string[]? Path { get; set; }
    protected override void ProcessRecord() => WriteObject("x");
}
