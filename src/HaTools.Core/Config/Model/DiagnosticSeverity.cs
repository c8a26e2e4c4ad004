namespace HaTools.Core.Config;

public enum DiagnosticSeverity
{
    Information,
    Warning,
    Error,
}
