using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaTools.Core.Config;

/// <summary>Strict parsing and formatting of keepalived value syntax (addresses, timers, booleans).</summary>
public static class ConfigValues
{
    /// <summary>Dotted-quad IPv4 or IPv6 only; .NET's lenient forms ("1", "0x7f.1") are refused as keepalived does.</summary>
    public static bool TryParseIPAddress(string? s, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(s) || s.Length > 64) return false;
        if (s.Contains(':'))
        {
            if (s.Contains('%') || s.Contains('[')) return false;
            if (!IPAddress.TryParse(s, out var a6) || a6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            address = a6;
            return true;
        }
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit)) return false;
            int v = int.Parse(p, CultureInfo.InvariantCulture);
            if (v > 255) return false;
            bytes[i] = (byte)v;
        }
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>ADDR or ADDR/PREFIX with the prefix checked against the family.</summary>
    public static bool TryParsePrefix(string s, out IPAddress address, out int? prefix)
    {
        prefix = null;
        int slash = s.IndexOf('/');
        if (!TryParseIPAddress(slash < 0 ? s : s[..slash], out address)) return false;
        if (slash < 0) return true;
        int max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (!int.TryParse(s.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > max) return false;
        prefix = p;
        return true;
    }

    /// <summary>A keepalived TIMER: decimal seconds with micro-second resolution.</summary>
    public static bool TryParseTimer(string s, out TimeSpan value)
    {
        value = default;
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) || d > 100_000_000m) return false;
        value = TimeSpan.FromTicks((long)Math.Round(d * TimeSpan.TicksPerSecond));
        return true;
    }

    public static string FormatTimer(TimeSpan t) =>
        ((decimal)t.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);

    public static bool TryParseInt(string s, long min, long max, out int value)
    {
        value = 0;
        bool neg = s.StartsWith('-');
        if (!long.TryParse(neg ? s[1..] : s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return false;
        if (neg) v = -v;
        if (v < min || v > max) return false;
        value = (int)v;
        return true;
    }

    /// <summary>keepalived's BOOL: on|off|true|false|yes|no.</summary>
    public static bool TryParseBool(string s, out bool value)
    {
        switch (s.ToLowerInvariant())
        {
            case "on": case "true": case "yes": value = true; return true;
            case "off": case "false": case "no": value = false; return true;
            default: value = false; return false;
        }
    }
}
