using System.Net;

namespace HaTools.Core.Lab;

/// <summary>One namespace on the lab bridge: a VRRP node or the client.</summary>
public sealed class LabNode
{
    internal LabNode(string name, string ns, string interfaceName, IPAddress ipv4, int prefixLength4, IPAddress ipv6, int prefixLength6)
    {
        Name = name;
        Namespace = ns;
        Interface = interfaceName;
        IPv4 = ipv4;
        PrefixLength4 = prefixLength4;
        IPv6 = ipv6;
        PrefixLength6 = prefixLength6;
    }

    /// <summary>Short name used in the timeline: n1, n2, ..., client.</summary>
    public string Name { get; }

    /// <summary>The network namespace (ip netns) that is this node.</summary>
    public string Namespace { get; }

    /// <summary>The node's interface on the bridge (eth0).</summary>
    public string Interface { get; }

    public IPAddress IPv4 { get; }

    public int PrefixLength4 { get; }

    public IPAddress IPv6 { get; }

    public int PrefixLength6 { get; }

    /// <summary>MAC of <see cref="Interface"/> (aa:bb:..), filled when the lab is built.</summary>
    public string HardwareAddress { get; internal set; } = string.Empty;

    /// <summary>IPv6 link-local address of <see cref="Interface"/>.</summary>
    public IPAddress? LinkLocal { get; internal set; }

    public override string ToString() => $"{Name} ({Namespace}, {IPv4}, {HardwareAddress})";
}
