namespace HaTools.Core.Lab;

/// <summary>The outcome of one command run in a lab namespace.</summary>
public sealed record LabCommandResult(string Namespace, IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"[{Namespace}] {string.Join(' ', Arguments)} -> {ExitCode}{(StandardError.Length > 0 ? ": " + StandardError.Trim() : string.Empty)}";
}
