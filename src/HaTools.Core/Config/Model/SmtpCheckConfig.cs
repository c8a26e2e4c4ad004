namespace HaTools.Core.Config;

/// <summary>An SMTP_CHECK: connect, expect a 2xx greeting, send HELO.</summary>
public sealed record SmtpCheckConfig : CheckerConfig
{
    public override string Kind => "SMTP_CHECK";

    public string? HeloName { get; set; }
}
