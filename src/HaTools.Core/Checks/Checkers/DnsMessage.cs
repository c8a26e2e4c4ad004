using System.Buffers.Binary;
using System.Text;

namespace HaTools.Core.Checks.Checkers;

/// <summary>The few bits of a DNS message (RFC 1035 §4.1) DNS_CHECK needs: build a query, read a reply header.</summary>
public static class DnsMessage
{
    public static readonly IReadOnlyDictionary<string, ushort> Types = new Dictionary<string, ushort>(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1, ["NS"] = 2, ["CNAME"] = 5, ["SOA"] = 6, ["MX"] = 15, ["TXT"] = 16, ["AAAA"] = 28,
    };

    /// <summary>A standard query, recursion desired, one question of class IN.</summary>
    public static byte[] BuildQuery(ushort id, string name, ushort type)
    {
        var ms = new MemoryStream(64);
        Span<byte> h = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(h, id);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], 0x0100); // RD
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], 1);      // QDCOUNT
        ms.Write(h);
        foreach (var label in name.Trim('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length > 63) throw new ArgumentException($"DNS label '{label}' is longer than 63 bytes", nameof(name));
            ms.WriteByte((byte)bytes.Length);
            ms.Write(bytes);
        }
        ms.WriteByte(0);
        Span<byte> q = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(q, type);
        BinaryPrimitives.WriteUInt16BigEndian(q[2..], 1); // IN
        ms.Write(q);
        return ms.ToArray();
    }

    public readonly record struct ReplyHeader(ushort Id, bool IsResponse, int ResponseCode, ushort AnswerCount);

    /// <summary>Reads a reply header without exceptions; <paramref name="reason"/> says why it is not one.</summary>
    public static bool TryReadReply(ReadOnlySpan<byte> data, out ReplyHeader header, out string reason)
    {
        header = default;
        if (data.Length < 12)
        {
            reason = $"DNS reply of {data.Length} bytes is shorter than a header";
            return false;
        }
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        header = new ReplyHeader(BinaryPrimitives.ReadUInt16BigEndian(data), (flags & 0x8000) != 0, flags & 0xF, BinaryPrimitives.ReadUInt16BigEndian(data[6..]));
        if (!header.IsResponse)
        {
            reason = "DNS message is a query, not a response";
            return false;
        }
        reason = string.Empty;
        return true;
    }

    public static string ResponseCodeName(int rcode) => rcode switch
    {
        0 => "NOERROR", 1 => "FORMERR", 2 => "SERVFAIL", 3 => "NXDOMAIN", 4 => "NOTIMP", 5 => "REFUSED", _ => "RCODE " + rcode,
    };
}
