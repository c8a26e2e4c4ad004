namespace HaTools.Core.Vrrp;

/// <summary>Sends GARP / unsolicited NA for VIPs (packet socket / ICMPv6 at the edge). Must not block the loop.</summary>
public interface IAnnouncer
{
    void Announce(VrrpAnnouncement announcement);
}
