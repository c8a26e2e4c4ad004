using System.Buffers.Binary;
using System.Text;

namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// One struct nlattr as read from a message. <see cref="Type"/> has the NLA_F_NESTED and
/// NLA_F_NET_BYTEORDER bits removed; they are exposed separately.
/// </summary>
public readonly record struct NetlinkAttribute(ushort Type, bool IsNested, bool IsNetworkByteOrder, ReadOnlyMemory<byte> Value)
{
    public const int HeaderSize = 4;
    public const ushort NestedFlag = 0x8000;
    public const ushort NetworkByteOrderFlag = 0x4000;
    public const ushort TypeMask = 0x3fff;

    public bool TryGetUInt8(out byte value)
    {
        value = Value.Length == 1 ? Value.Span[0] : (byte)0;
        return Value.Length == 1;
    }

    public bool TryGetUInt16(out ushort value) => Fixed(2, out value, BinaryPrimitives.ReadUInt16LittleEndian);

    public bool TryGetUInt32(out uint value) => Fixed(4, out value, BinaryPrimitives.ReadUInt32LittleEndian);

    public bool TryGetUInt64(out ulong value) => Fixed(8, out value, BinaryPrimitives.ReadUInt64LittleEndian);

    /// <summary>A 16-bit value the kernel keeps in network order (ports).</summary>
    public bool TryGetUInt16BigEndian(out ushort value) => Fixed(2, out value, BinaryPrimitives.ReadUInt16BigEndian);

    public bool TryGetUInt32BigEndian(out uint value) => Fixed(4, out value, BinaryPrimitives.ReadUInt32BigEndian);

    /// <summary>A NUL-terminated string (NLA_NUL_STRING / NLA_STRING); bytes after the first NUL are ignored.</summary>
    public string GetString()
    {
        var span = Value.Span;
        var nul = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? span[..nul] : span);
    }

    /// <summary>The attributes nested inside this one.</summary>
    public NetlinkAttributeReader GetNested() => new(Value);

    private delegate T Reader<T>(ReadOnlySpan<byte> source);

    private bool Fixed<T>(int size, out T value, Reader<T> read) where T : struct
    {
        if (Value.Length != size)
        {
            value = default;
            return false;
        }
        value = read(Value.Span);
        return true;
    }
}
