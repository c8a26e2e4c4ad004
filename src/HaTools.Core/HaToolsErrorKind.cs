namespace HaTools.Core;

/// <summary>
/// What kind of failure a core operation hit. The PowerShell layer maps each kind to one
/// ErrorCategory, so the core stays free of System.Management.Automation.
/// </summary>
public enum HaToolsErrorKind
{
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    ResourceExists,
    PermissionDenied,
    NotInstalled,
    NotSupported,
    ResourceUnavailable,
    ConnectionError,
    OperationTimeout,
    ProtocolError,
    InvalidOperation,
}
