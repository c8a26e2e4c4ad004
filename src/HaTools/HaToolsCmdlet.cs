using System.Management.Automation;
using System.Runtime.InteropServices;
using HaTools.Core;

namespace HaTools;

/// <summary>
/// Base of every HaTools cmdlet: turns core failures into ErrorRecords with a stable ErrorId,
/// the right ErrorCategory and the offending TargetObject. No protocol logic lives here.
/// </summary>
public abstract class HaToolsCmdlet : PSCmdlet
{
    public static ErrorCategory ToCategory(HaToolsErrorKind kind) => kind switch
    {
        HaToolsErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        HaToolsErrorKind.InvalidData => ErrorCategory.InvalidData,
        HaToolsErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        HaToolsErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        HaToolsErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        HaToolsErrorKind.NotInstalled => ErrorCategory.NotInstalled,
        HaToolsErrorKind.NotSupported => ErrorCategory.NotImplemented,
        HaToolsErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        HaToolsErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        HaToolsErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        HaToolsErrorKind.ProtocolError => ErrorCategory.ProtocolError,
        HaToolsErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>An ErrorRecord for a core failure; <paramref name="target"/> overrides the exception's own target.</summary>
    public static ErrorRecord ToErrorRecord(HaToolsException ex, object? target = null) =>
        new(ex, ex.ErrorId, ToCategory(ex.Kind), target ?? ex.Target);

    /// <summary>One item failed; the pipeline goes on.</summary>
    protected void WriteError(HaToolsException ex, object? target = null) => WriteError(ToErrorRecord(ex, target));

    /// <summary>A precondition failed; the command stops.</summary>
    protected void ThrowTerminatingError(HaToolsException ex, object? target = null) => ThrowTerminatingError(ToErrorRecord(ex, target));

    /// <summary>Linux-only features fail clearly elsewhere (DESIGN principle 5).</summary>
    protected void EnsureLinux()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PlatformNotSupportedException($"{MyInvocation.MyCommand.Name} needs Linux (netlink, raw sockets)."),
                "PlatformNotSupported",
                ErrorCategory.NotImplemented,
                MyInvocation.MyCommand.Name));
        }
    }
}
