namespace HaTools.Core.Vrrp;

/// <summary>What the state machine asks the edge to do.</summary>
public enum VrrpActionKind
{
    /// <summary>Send an advert with <see cref="VrrpAction.Priority"/> (0 when leaving master).</summary>
    SendAdvertisement,
    AddVirtualAddresses,
    RemoveVirtualAddresses,
    /// <summary>GARP / unsolicited NA burst, <see cref="VrrpAction.Count"/> per VIP.</summary>
    Announce,
    /// <summary>Run the notify scripts for <see cref="VrrpAction.To"/>.</summary>
    Notify,
    /// <summary>A log line (<see cref="VrrpAction.Message"/>).</summary>
    Log,
    /// <summary>State changed from <see cref="VrrpAction.From"/> to <see cref="VrrpAction.To"/>; reason in <see cref="VrrpAction.Message"/>.</summary>
    StateChanged,
}
