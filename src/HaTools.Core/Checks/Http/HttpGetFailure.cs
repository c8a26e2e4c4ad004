namespace HaTools.Core.Checks.Http;

/// <summary>Why a GET produced no usable response (None when it did).</summary>
public enum HttpGetFailure
{
    None,
    ConnectRefused,
    ConnectTimeout,
    ConnectError,
    TlsHandshakeFailed,
    WriteFailed,
    ReadTimeout,
    ReadError,
    NoData,
    HeaderTooLarge,
    BodyTooLarge,
    TotalTimeout,
}
