namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// <c>ipvsadm -L -n</c> output, parsed: the plain listing and its --stats, --rate, --thresholds
/// and --persistent-conn variants. Column values are kept as ipvsadm printed them (use
/// <c>--exact</c> for counters without K/M suffixes); the typed accessors read the plain listing.
/// </summary>
public sealed record IpvsadmListing(string? Version, int? TableSize, IReadOnlyList<IpvsadmService> Services)
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP", "FWM"];

    /// <summary>The service with this key ("TCP 10.0.0.1:80", "UDP [2001:db8::1]:53", "FWM 5"), or null.</summary>
    public IpvsadmService? Find(string key) => Services.FirstOrDefault(s => s.Key == key);

    public static IpvsadmListing Parse(string text)
    {
        string? version = null;
        int? size = null;
        string[] serviceColumns = [];
        string[] realColumns = [];
        bool serviceHasColumns = false;
        var services = new List<IpvsadmService>();
        string? proto = null, address = null, rest = null;
        var reals = new List<IpvsadmRealServer>();

        void Flush()
        {
            if (proto == null) return;
            var cols = serviceHasColumns ? Zip(serviceColumns, Tokens(rest!)) : new Dictionary<string, string>();
            services.Add(new IpvsadmService(proto, address!, serviceHasColumns ? "" : rest!, cols, reals.ToArray()));
            proto = null;
            reals.Clear();
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.Length == 0) continue;
            if (line.StartsWith("IP Virtual Server version ", StringComparison.Ordinal))
            {
                // "IP Virtual Server version 1.2.1 (size=4096)"
                var t = Tokens(line);
                version = t.Length > 4 ? t[4] : null;
                var eq = line.IndexOf("size=", StringComparison.Ordinal);
                if (eq >= 0 && int.TryParse(line[(eq + 5)..].TrimEnd(')'), out var s)) size = s;
            }
            else if (line.StartsWith("Prot LocalAddress:Port", StringComparison.Ordinal))
            {
                serviceColumns = Tokens(line)[2..];
                // Counters (--stats, --rate) are per service too; otherwise the service line is "scheduler flags".
                serviceHasColumns = serviceColumns.Contains("Conns") || serviceColumns.Contains("CPS");
                realColumns = serviceColumns;
            }
            else if (line.TrimStart().StartsWith("-> RemoteAddress:Port", StringComparison.Ordinal))
            {
                var t = Tokens(line)[2..];
                if (t.Length > 0) realColumns = t;
            }
            else if (line.TrimStart().StartsWith("->", StringComparison.Ordinal))
            {
                if (proto == null) throw new FormatException("real server before any service: " + line);
                var t = Tokens(line);
                reals.Add(new IpvsadmRealServer(t[1], Zip(realColumns, t[2..])));
            }
            else if (Protocols.Any(p => line.StartsWith(p + " ", StringComparison.Ordinal)))
            {
                Flush();
                var t = Tokens(line);
                proto = t[0];
                address = t[1];
                rest = string.Join(' ', t[2..]);
            }
            else
            {
                throw new FormatException("unrecognised ipvsadm line: " + line);
            }
        }
        Flush();
        return new IpvsadmListing(version, size, services);
    }

    private static string[] Tokens(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string> Zip(string[] names, string[] values)
    {
        if (names.Length != values.Length)
            throw new FormatException($"expected {names.Length} columns ({string.Join(' ', names)}), got: {string.Join(' ', values)}");
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }
}
