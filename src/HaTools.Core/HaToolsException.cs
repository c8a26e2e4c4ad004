namespace HaTools.Core;

/// <summary>
/// A failure the user can act on. <see cref="ErrorId"/> is stable (tests and scripts match on it);
/// <see cref="Target"/> is the object the failure is about (a diagnostic, a service, a path).
/// </summary>
public class HaToolsException : Exception
{
    public HaToolsException(string errorId, HaToolsErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }

    public HaToolsErrorKind Kind { get; }

    public object? Target { get; }
}
