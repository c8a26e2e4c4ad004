namespace HaTools.Core.Vrrp;

/// <summary>Adds and removes virtual addresses (rtnetlink at the edge). Called on the loop thread; must be quick.</summary>
public interface IVipManager
{
    /// <summary>Adds the address on <see cref="VrrpVirtualAddress.Device"/> or, when null, on <paramref name="defaultInterface"/>. Already present is success.</summary>
    void Add(VrrpVirtualAddress address, string defaultInterface);

    /// <summary>Removes the address. Absent is success (the loop also removes stale VIPs at start).</summary>
    void Remove(VrrpVirtualAddress address, string defaultInterface);
}
