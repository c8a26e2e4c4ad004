using System.Net;

namespace HaTools.Core.Config;

/// <summary>The global_defs block: identity, notification e-mail, script security and VRRP/LVS defaults.</summary>
public sealed record GlobalDefsConfig : ConfigObject
{
    public string? RouterId { get; set; }

    public ConfigList<string> NotificationEmails { get; set; } = new();

    public string? NotificationEmailFrom { get; set; }

    /// <summary>SMTP relay host name or address.</summary>
    public string? SmtpServer { get; set; }

    public int? SmtpServerPort { get; set; }

    public string? SmtpHeloName { get; set; }

    public TimeSpan? SmtpConnectTimeout { get; set; }

    public bool SmtpAlert { get; set; }

    public bool EnableScriptSecurity { get; set; }

    public string? ScriptUser { get; set; }

    public string? ScriptGroup { get; set; }

    public bool LvsFlush { get; set; }

    public int? VrrpVersion { get; set; }

    public bool VrrpStrict { get; set; }

    public bool VrrpSkipCheckAdvAddr { get; set; }

    public IPAddress? VrrpMcastGroup4 { get; set; }

    public IPAddress? VrrpMcastGroup6 { get; set; }

    public TimeSpan? VrrpGarpMasterDelay { get; set; }

    public int? VrrpGarpMasterRepeat { get; set; }

    public TimeSpan? VrrpGarpMasterRefresh { get; set; }

    public int? VrrpGarpMasterRefreshRepeat { get; set; }

    public TimeSpan? VrrpGarpInterval { get; set; }

    public TimeSpan? VrrpGnaInterval { get; set; }

    public bool VrrpGarpLowerPriorityNoAdvert { get; set; }

    public bool VrrpHigherPrioritySendAdvert { get; set; }

    public bool DynamicInterfaces { get; set; }

    /// <summary>Every other valid global_defs keyword, verbatim and in order.</summary>
    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => RouterId != null ? $"global_defs (router_id {RouterId})" : "global_defs";
}
