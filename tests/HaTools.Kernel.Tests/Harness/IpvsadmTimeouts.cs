namespace HaTools.Kernel.Tests.Harness;

/// <summary>The three IPVS timeouts as <c>ipvsadm -L --timeout</c> prints them, in seconds.</summary>
public sealed record IpvsadmTimeouts(int Tcp, int TcpFin, int Udp)
{
    /// <summary>Parses "Timeout (tcp tcpfin udp): 900 120 300".</summary>
    public static IpvsadmTimeouts Parse(string text)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("Timeout (tcp tcpfin udp):", StringComparison.Ordinal))
            ?? throw new FormatException("no 'Timeout (tcp tcpfin udp):' line in: " + text);
        var n = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        if (n.Length != 3) throw new FormatException("expected three timeouts in: " + line);
        return new IpvsadmTimeouts(n[0], n[1], n[2]);
    }
}
