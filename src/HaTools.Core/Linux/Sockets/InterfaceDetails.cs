using System.Globalization;
using System.Net;

namespace HaTools.Core.Linux.Sockets;

/// <summary>What VRRP needs to know about one interface, read in the caller's network namespace.</summary>
public sealed record InterfaceDetails(string Name, int Index, byte[] HardwareAddress, IPAddress? PrimaryIPv4, IPAddress? LinkLocalIPv6, bool IsUp, bool IsRunning)
{
    /// <summary>MAC as aa:bb:cc:dd:ee:ff.</summary>
    public string HardwareAddressText => string.Join(":", HardwareAddress.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
