using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HaTools.Completers;

/// <summary>Tab-completes -Interface with this namespace's interfaces (/sys/class/net).</summary>
public sealed class InterfaceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        const string dir = "/sys/class/net";
        var names = Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>() : Enumerable.Empty<string>();
        return CompleterText.Matching(names, wordToComplete);
    }
}
