using System.Globalization;

namespace HaTools.Kernel.Tests.Harness;

/// <summary>One "  -> address" line under a service, with its columns by header name.</summary>
public sealed record IpvsadmRealServer(string Address, IReadOnlyDictionary<string, string> Columns)
{
    /// <summary>"Masq", "Route", "Tunnel" or "Local" (plain listing).</summary>
    public string Forward => Columns["Forward"];

    public int Weight => int.Parse(Columns["Weight"], CultureInfo.InvariantCulture);

    public long ActiveConnections => Counter("ActiveConn");

    public long InactiveConnections => Counter("InActConn");

    public long Counter(string column) => ParseCount(Columns[column]);

    /// <summary>ipvsadm abbreviates big counters ("12K", "3M") unless given --exact.</summary>
    internal static long ParseCount(string s)
    {
        long mult = s[^1] switch { 'K' => 1_000, 'M' => 1_000_000, 'G' => 1_000_000_000, _ => 1 };
        var digits = mult == 1 ? s : s[..^1];
        return long.Parse(digits, CultureInfo.InvariantCulture) * mult;
    }
}
