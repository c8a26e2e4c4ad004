namespace HaTools.Core.Config;

/// <summary>One finding about a configuration: where (File, Line), what (stable Code), and the offending line text.</summary>
public sealed record ConfigDiagnostic(DiagnosticSeverity Severity, string? File, int Line, string Code, string Message, string? Text = null)
{
    public override string ToString() => $"{File ?? "<content>"}:{Line}: {Message}";
}
