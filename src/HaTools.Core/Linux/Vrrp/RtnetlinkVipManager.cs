using HaTools.Core.Linux.Rtnetlink;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// <see cref="IVipManager"/> through rtnetlink (RTM_NEWADDR / RTM_DELADDR), never by running `ip`. Interface
/// indexes are looked up by name each time, so an interface that was re-created is still found.
/// </summary>
public sealed class RtnetlinkVipManager : IVipManager, IDisposable
{
    private readonly RtnetlinkClient _client;
    private readonly object _gate = new();

    public RtnetlinkVipManager(string? networkNamespace = null) => _client = RtnetlinkClient.Open(networkNamespace);

    public RtnetlinkVipManager(RtnetlinkClient client) => _client = client;

    public void Add(VrrpVirtualAddress address, string defaultInterface)
    {
        lock (_gate)
        {
            _client.AddAddress(ToInterfaceAddress(address, defaultInterface));
        }
    }

    public void Remove(VrrpVirtualAddress address, string defaultInterface)
    {
        lock (_gate)
        {
            _client.DeleteAddress(ToInterfaceAddress(address, defaultInterface));
        }
    }

    public void Dispose() => _client.Dispose();

    private InterfaceAddress ToInterfaceAddress(VrrpVirtualAddress a, string defaultInterface)
    {
        string device = a.Device ?? defaultInterface;
        int index = _client.GetLink(device).Index;
        return new InterfaceAddress(index, a.Address, a.PrefixLength, a.Label, a.Scope ?? "global");
    }
}
