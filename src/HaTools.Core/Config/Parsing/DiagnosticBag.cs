namespace HaTools.Core.Config;

/// <summary>Collects diagnostics with a cap, so garbage input cannot turn into millions of objects.</summary>
internal sealed class DiagnosticBag
{
    private readonly int _max;

    public DiagnosticBag(int max = 1000) => _max = max;

    public List<ConfigDiagnostic> Items { get; } = new();

    public int Suppressed { get; private set; }

    public void Add(DiagnosticSeverity severity, string? file, int line, string code, string message, string? text = null)
    {
        if (Items.Count >= _max)
        {
            Suppressed++;
            // Errors still count: keep the verdict right even when the list is full.
            if (severity == DiagnosticSeverity.Error) HasSuppressedError = true;
            return;
        }
        Items.Add(new ConfigDiagnostic(severity, file, line, code, message, text));
    }

    public bool HasSuppressedError { get; private set; }

    /// <summary>False once the cap is reached, so callers can skip building costly messages.</summary>
    public bool HasRoom => Items.Count < _max;

    public void Warn(string? file, int line, string code, string message, string? text = null) =>
        Add(DiagnosticSeverity.Warning, file, line, code, message, text);

    public void Error(string? file, int line, string code, string message, string? text = null) =>
        Add(DiagnosticSeverity.Error, file, line, code, message, text);

    public List<ConfigDiagnostic> ToList()
    {
        var list = new List<ConfigDiagnostic>(Items);
        if (Suppressed > 0)
            list.Add(new ConfigDiagnostic(HasSuppressedError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                null, 0, "TooManyDiagnostics", $"{Suppressed} further diagnostics were not recorded."));
        return list;
    }
}
