namespace HaTools.Core.Config;

/// <summary>A virtual_server_group: a set of VIP:port ranges and fwmarks sharing one virtual_server definition.</summary>
public sealed record VirtualServerGroupConfig : ConfigObject
{
    public string Name { get; set; } = "";

    public ConfigList<VirtualServerGroupMemberConfig> Members { get; set; } = new();

    public override string ToString() => $"virtual_server_group {Name} ({Members.Count} members)";
}
