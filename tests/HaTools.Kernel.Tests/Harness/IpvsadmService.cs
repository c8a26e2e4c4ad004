namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// One virtual service line of <c>ipvsadm -Ln</c>. <see cref="SchedulerAndFlags"/> is the text after
/// the address in the plain listing ("wrr persistent 60 mask 64"); <see cref="Columns"/> holds
/// the counters of --stats/--rate listings.
/// </summary>
public sealed record IpvsadmService(
    string Protocol,
    string Address,
    string SchedulerAndFlags,
    IReadOnlyDictionary<string, string> Columns,
    IReadOnlyList<IpvsadmRealServer> RealServers)
{
    private string[] Words => SchedulerAndFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"TCP 10.0.0.1:80", "FWM 5": how ipvsadm identifies the service.</summary>
    public string Key => Protocol + " " + Address;

    public string Scheduler => Words.FirstOrDefault() ?? throw new InvalidOperationException("no scheduler column (a --stats listing?)");

    /// <summary>The parenthesised scheduler flags, e.g. ["mh-fallback", "mh-port"].</summary>
    public IReadOnlyList<string> SchedulerFlags =>
        Words.Length > 1 && Words[1].StartsWith('(') ? Words[1].Trim('(', ')').Split(',') : [];

    /// <summary>Persistence timeout in seconds, or null when not persistent.</summary>
    public int? PersistentTimeout => After("persistent") is { } v ? int.Parse(v) : null;

    /// <summary>Persistence netmask as printed: dotted quad (IPv4) or prefix length (IPv6).</summary>
    public string? Netmask => After("mask");

    /// <summary>Persistence engine name ("sip"), or null.</summary>
    public string? PersistenceEngine => After("pe");

    /// <summary>One-packet scheduling (UDP).</summary>
    public bool OnePacket => Words.Contains("ops");

    public long Counter(string column) => IpvsadmRealServer.ParseCount(Columns[column]);

    private string? After(string word)
    {
        var w = Words;
        var i = Array.IndexOf(w, word);
        return i >= 0 && i + 1 < w.Length ? w[i + 1] : null;
    }
}
