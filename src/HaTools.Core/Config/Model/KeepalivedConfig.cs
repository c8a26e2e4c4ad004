namespace HaTools.Core.Config;

/// <summary>
/// One keepalived.conf (with its includes) as typed objects. Equality compares configuration
/// content only: SourceFile, Line, ConfigId, IncludedFiles and Diagnostics are not part of it.
/// </summary>
public sealed record KeepalivedConfig : ConfigObject
{
    public GlobalDefsConfig GlobalDefs { get; set; } = new();

    public ConfigList<VrrpScriptConfig> VrrpScripts { get; set; } = new();

    public ConfigList<TrackFileConfig> TrackFiles { get; set; } = new();

    public ConfigList<TrackProcessConfig> TrackProcesses { get; set; } = new();

    public ConfigList<VrrpSyncGroupConfig> VrrpSyncGroups { get; set; } = new();

    public ConfigList<VrrpInstanceConfig> VrrpInstances { get; set; } = new();

    public ConfigList<VirtualServerGroupConfig> VirtualServerGroups { get; set; } = new();

    public ConfigList<VirtualServerConfig> VirtualServers { get; set; } = new();

    public ConfigList<VirtualIPAddressConfig> StaticIpAddresses { get; set; } = new();

    public ConfigList<VirtualRouteConfig> StaticRoutes { get; set; } = new();

    public ConfigList<VirtualRuleConfig> StaticRules { get; set; } = new();

    /// <summary>Valid top-level blocks HaTools keeps verbatim (bfd_instance, linkbeat_interfaces, SSL, ...).</summary>
    public ConfigList<ConfigStatement> OtherBlocks { get; set; } = new();

    /// <summary>The config id used for @id conditional lines.</summary>
    public string? ConfigId { get; set; }

    /// <summary>Every file read, the main one first, then includes in reading order.</summary>
    public ConfigList<string> IncludedFiles { get; set; } = new();

    public ConfigList<ConfigDiagnostic> Diagnostics { get; set; } = new();

    /// <summary>Physical lines read over the main file and its includes.</summary>
    public long LinesRead { get; set; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public bool Equals(KeepalivedConfig? other) =>
        other is not null
        && GlobalDefs.Equals(other.GlobalDefs)
        && VrrpScripts.Equals(other.VrrpScripts)
        && TrackFiles.Equals(other.TrackFiles)
        && TrackProcesses.Equals(other.TrackProcesses)
        && VrrpSyncGroups.Equals(other.VrrpSyncGroups)
        && VrrpInstances.Equals(other.VrrpInstances)
        && VirtualServerGroups.Equals(other.VirtualServerGroups)
        && VirtualServers.Equals(other.VirtualServers)
        && StaticIpAddresses.Equals(other.StaticIpAddresses)
        && StaticRoutes.Equals(other.StaticRoutes)
        && StaticRules.Equals(other.StaticRules)
        && OtherBlocks.Equals(other.OtherBlocks);

    public override int GetHashCode() => HashCode.Combine(GlobalDefs, VrrpInstances.Count, VirtualServers.Count);

    public override string ToString() =>
        $"{SourceFile ?? "<content>"}: {VrrpInstances.Count} vrrp_instance, {VirtualServers.Count} virtual_server, {Diagnostics.Count} diagnostics";
}
