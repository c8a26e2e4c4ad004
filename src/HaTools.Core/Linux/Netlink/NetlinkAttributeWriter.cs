using System.Buffers.Binary;
using System.Text;

namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// Builds a message payload: an optional family header, then attributes, each padded to 4 bytes.
/// Nested attributes are opened with <see cref="BeginNested"/> and closed with <see cref="EndNested"/>,
/// which patches their length (padding of the inner attributes included, as the kernel's nla_nest_end).
/// Integers are host order (little endian) unless the method says BigEndian.
/// </summary>
public sealed class NetlinkAttributeWriter
{
    private byte[] _buffer;
    private int _length;

    public NetlinkAttributeWriter(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Clear() => _length = 0;

    /// <summary>A fixed family header (genlmsghdr, ifaddrmsg ...), padded to 4 bytes.</summary>
    public NetlinkAttributeWriter WriteHeader(ReadOnlySpan<byte> header)
    {
        var dest = Reserve(NetlinkMessageHeader.Align(header.Length));
        header.CopyTo(dest);
        dest[header.Length..].Clear();
        return this;
    }

    public NetlinkAttributeWriter Write(ushort type, ReadOnlySpan<byte> value)
    {
        var total = NetlinkAttribute.HeaderSize + value.Length;
        if (total > ushort.MaxValue)
            throw new ArgumentException($"Attribute {type} is {value.Length} bytes; nla_len is 16 bits.", nameof(value));
        var dest = Reserve(NetlinkMessageHeader.Align(total));
        BinaryPrimitives.WriteUInt16LittleEndian(dest, (ushort)total);
        BinaryPrimitives.WriteUInt16LittleEndian(dest[2..], type);
        value.CopyTo(dest[NetlinkAttribute.HeaderSize..]);
        dest[total..].Clear();
        return this;
    }

    /// <summary>An attribute with no value (NLA_FLAG).</summary>
    public NetlinkAttributeWriter WriteFlag(ushort type) => Write(type, ReadOnlySpan<byte>.Empty);

    public NetlinkAttributeWriter WriteUInt8(ushort type, byte value) => Write(type, [value]);

    public NetlinkAttributeWriter WriteUInt16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        return Write(type, b);
    }

    public NetlinkAttributeWriter WriteUInt32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Write(type, b);
    }

    public NetlinkAttributeWriter WriteUInt64(ushort type, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return Write(type, b);
    }

    /// <summary>A 16-bit value in network order (ports), as the kernel's nla_put_be16.</summary>
    public NetlinkAttributeWriter WriteUInt16BigEndian(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        return Write(type, b);
    }

    public NetlinkAttributeWriter WriteUInt32BigEndian(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return Write(type, b);
    }

    /// <summary>A NUL-terminated string (NLA_NUL_STRING), as the kernel's nla_put_string.</summary>
    public NetlinkAttributeWriter WriteString(ushort type, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return Write(type, bytes);
    }

    /// <summary>Opens a nested attribute; pass the returned token to <see cref="EndNested"/>.</summary>
    /// <param name="setNestedFlag">Set NLA_F_NESTED; older families (IPVS) accept either, newer strict policies require it.</param>
    public int BeginNested(ushort type, bool setNestedFlag = true)
    {
        var start = _length;
        var dest = Reserve(NetlinkAttribute.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(dest[2..], setNestedFlag ? (ushort)(type | NetlinkAttribute.NestedFlag) : type);
        return start;
    }

    public NetlinkAttributeWriter EndNested(int token)
    {
        var length = _length - token;
        if (length > ushort.MaxValue)
            throw new InvalidOperationException($"Nested attribute is {length} bytes; nla_len is 16 bits.");
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(token), (ushort)length);
        return this;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
