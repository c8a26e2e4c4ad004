using System.Net;

namespace HaTools.Core.Linux.Sockets;

/// <summary>
/// What the kernel told us about one received VRRP packet besides its payload: the addresses and the
/// TTL / hop limit the RFCs require to be 255 (RFC 3768 7.1, RFC 5798 7.1).
/// </summary>
public readonly record struct ReceivedPacket(IPAddress Source, IPAddress Destination, int TimeToLive, int PayloadOffset, int PayloadLength, int InterfaceIndex);
