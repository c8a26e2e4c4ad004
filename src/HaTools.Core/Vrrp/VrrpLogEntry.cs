namespace HaTools.Core.Vrrp;

/// <summary>A log line in keepalived's words, e.g. "(VI_1) Entering MASTER STATE".</summary>
public sealed record VrrpLogEntry(DateTimeOffset Time, VrrpLogLevel Level, string? Instance, string Message)
{
    public override string ToString() => Message;
}
