namespace HaTools.Core.Vrrp;

/// <summary>Severity of a loop log line (maps to syslog / the job's streams).</summary>
public enum VrrpLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
