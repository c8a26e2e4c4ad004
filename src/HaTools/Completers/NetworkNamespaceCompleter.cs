using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HaTools.Completers;

/// <summary>Tab-completes -NetworkNamespace with the named namespaces (`ip netns list`, /run/netns).</summary>
public sealed class NetworkNamespaceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var dir = Core.Linux.Netns.NetworkNamespace.RunDirectory;
        var names = Directory.Exists(dir) ? Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>() : Enumerable.Empty<string>();
        return CompleterText.Matching(names, wordToComplete);
    }
}
