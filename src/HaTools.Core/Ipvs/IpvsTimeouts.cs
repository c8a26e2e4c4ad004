namespace HaTools.Core.Ipvs;

/// <summary>Connection timeouts in seconds (ipvsadm --set tcp tcpfin udp). When setting, 0 leaves a value unchanged.</summary>
public sealed record IpvsTimeouts(uint Tcp, uint TcpFin, uint Udp);
