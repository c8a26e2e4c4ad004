namespace HaTools.Core.Checks.Net;

/// <summary>How a TCP connect attempt ended.</summary>
public enum ConnectFailure
{
    None,
    Refused,
    Timeout,
    Unreachable,
    BindFailed,
    Other,
}
