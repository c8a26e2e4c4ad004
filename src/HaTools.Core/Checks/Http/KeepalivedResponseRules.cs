using System.Text;

namespace HaTools.Core.Checks.Http;

/// <summary>
/// How keepalived 2.2 (checker and genhash) reads a response, measured against genhash on loopback:
/// the header must end in CRLF CRLF within 4095 bytes; the status code is the token after the first
/// space; Content-Length is the first case-sensitive "Content-Length:" in the bytes received when the
/// header completed (which may include the start of the body) and only counts when the number ends the
/// line; the body digest is over the raw bytes after the header (chunked framing is NOT decoded),
/// truncated to Content-Length when one counts. Pure functions over untrusted bytes: no exceptions.
/// </summary>
public static class KeepalivedResponseRules
{
    /// <summary>Largest response header (including the blank line) keepalived accepts.</summary>
    public const int MaxHeaderBytes = 4095;

    private static ReadOnlySpan<byte> Terminator => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> ContentLengthTag => "Content-Length:"u8;

    /// <summary>Offset just past the first CRLF CRLF, or -1.</summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> received)
    {
        var i = received.IndexOf(Terminator);
        return i < 0 ? -1 : i + 4;
    }

    /// <summary>
    /// The status code as keepalived reads it: the characters after the first space up to the next
    /// space, read like C atoi (leading blanks, sign, digits, stop at the first non-digit). 0 when absent.
    /// </summary>
    public static int ParseStatusCode(ReadOnlySpan<byte> header)
    {
        var sp = header.IndexOf((byte)' ');
        if (sp < 0) return 0;
        var rest = header[(sp + 1)..];
        var next = rest.IndexOf((byte)' ');
        var token = next < 0 ? rest : rest[..next];
        var i = 0;
        while (i < token.Length && IsCSpace(token[i])) i++;
        var negative = false;
        if (i < token.Length && token[i] is (byte)'+' or (byte)'-')
        {
            negative = token[i] == '-';
            i++;
        }
        long value = 0;
        while (i < token.Length && token[i] is >= (byte)'0' and <= (byte)'9' && value < int.MaxValue)
            value = value * 10 + (token[i++] - '0');
        value = Math.Min(value, int.MaxValue);
        return (int)(negative ? -value : value);
    }

    /// <summary>
    /// The Content-Length keepalived honours, or null when none counts. <paramref name="receivedAtHeaderEnd"/>
    /// is everything read when the header completed; the search stops at the first NUL (keepalived uses strstr).
    /// </summary>
    public static long? ParseContentLength(ReadOnlySpan<byte> receivedAtHeaderEnd)
    {
        var nul = receivedAtHeaderEnd.IndexOf((byte)0);
        var text = nul < 0 ? receivedAtHeaderEnd : receivedAtHeaderEnd[..nul];
        var at = text.IndexOf(ContentLengthTag);
        if (at < 0) return null;
        var p = text[(at + ContentLengthTag.Length)..];

        // strtoul: blanks, optional sign, decimal digits; with no digits the end is where it started.
        var i = 0;
        while (i < p.Length && IsCSpace(p[i])) i++;
        var negative = false;
        if (i < p.Length && p[i] is (byte)'+' or (byte)'-')
        {
            negative = p[i] == '-';
            i++;
        }
        var digitsStart = i;
        ulong value = 0;
        var overflow = false;
        while (i < p.Length && p[i] is >= (byte)'0' and <= (byte)'9')
        {
            var d = (ulong)(p[i++] - '0');
            if (value > (ulong.MaxValue - d) / 10) overflow = true;
            else value = value * 10 + d;
        }
        var end = i == digitsStart ? 0 : i;
        if (end < p.Length && p[end] is not ((byte)'\r' or (byte)'\n'))
            return null;
        if (i == digitsStart) return 0;
        if (overflow || negative && value != 0 || value > long.MaxValue) return long.MaxValue;
        return (long)value;
    }

    /// <summary>The header lines after the status line, tolerant of anything (lines without ':' are skipped).</summary>
    public static IReadOnlyList<HttpHeaderField> ParseHeaderFields(ReadOnlySpan<byte> header, out string statusLine)
    {
        var text = Encoding.Latin1.GetString(header);
        var lines = text.Split("\r\n");
        statusLine = lines.Length > 0 ? lines[0] : string.Empty;
        var fields = new List<HttpHeaderField>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            fields.Add(new HttpHeaderField(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return fields;
    }

    private static bool IsCSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
