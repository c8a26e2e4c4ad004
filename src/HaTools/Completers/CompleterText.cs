using System.Management.Automation;

namespace HaTools.Completers;

/// <summary>Shared filtering and quoting for HaTools' argument completers.</summary>
internal static class CompleterText
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string? wordToComplete)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return candidates
            .Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c, StringComparer.Ordinal)
            .Select(c => new CompletionResult(c.Any(char.IsWhiteSpace) ? "'" + c.Replace("'", "''") + "'" : c, c, CompletionResultType.ParameterValue, c));
    }
}
