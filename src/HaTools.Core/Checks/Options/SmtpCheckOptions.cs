namespace HaTools.Core.Checks.Options;

/// <summary>SMTP_CHECK: a 220 greeting, then 250 to HELO.</summary>
public sealed record SmtpCheckOptions : CheckOptions
{
    public override string Kind => "SMTP_CHECK";

    /// <summary>helo_name; the local host name when null.</summary>
    public string? HeloName { get; init; }
}
