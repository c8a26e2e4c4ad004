using System.Net;
using System.Text.Json;
using HaTools.Core.Vrrp;

namespace HaTools.VrrpNode;

/// <summary>The JSON a test writes for one node: a list of instances in keepalived's terms.</summary>
public sealed class NodeConfig
{
    public List<InstanceConfig> Instances { get; set; } = new();

    /// <summary>Namespace to open sockets in (null: the one the process runs in).</summary>
    public string? Namespace { get; set; }

    public static NodeConfig Load(string path) =>
        JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
        ?? throw new InvalidDataException("empty config " + path);

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
}
