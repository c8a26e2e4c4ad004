using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using HaTools.Jobs;

namespace HaTools.Completers;

/// <summary>Tab-completes -Name of Get-/Set-/Stop-VrrpInstance with the instances of the session's VRRP jobs.</summary>
public sealed class VrrpInstanceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand(@"Microsoft.PowerShell.Core\Get-Job");
        var names = ps.Invoke().Select(o => o.BaseObject).OfType<VrrpJob>().SelectMany(j => j.Instances).Distinct(StringComparer.Ordinal);
        return CompleterText.Matching(names, wordToComplete);
    }
}
