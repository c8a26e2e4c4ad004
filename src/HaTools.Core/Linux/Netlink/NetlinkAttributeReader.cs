using System.Buffers.Binary;

namespace HaTools.Core.Linux.Netlink;

/// <summary>
/// Walks the attributes of a payload without copying. Stops at the first malformed attribute and
/// says why in <see cref="Error"/>; untrusted bytes never throw.
/// </summary>
public struct NetlinkAttributeReader
{
    private ReadOnlyMemory<byte> _remaining;

    public NetlinkAttributeReader(ReadOnlyMemory<byte> attributes)
    {
        _remaining = attributes;
        Error = NetlinkReadError.None;
    }

    /// <summary>Why reading stopped early, or None when the payload was consumed cleanly.</summary>
    public NetlinkReadError Error { get; private set; }

    public bool TryRead(out NetlinkAttribute attribute)
    {
        attribute = default;
        if (_remaining.IsEmpty || Error != NetlinkReadError.None)
            return false;
        var span = _remaining.Span;
        if (span.Length < NetlinkAttribute.HeaderSize)
        {
            Error = NetlinkReadError.ShortAttribute;
            return false;
        }
        var length = BinaryPrimitives.ReadUInt16LittleEndian(span);
        var rawType = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
        if (length < NetlinkAttribute.HeaderSize || length > span.Length)
        {
            Error = NetlinkReadError.BadAttributeLength;
            return false;
        }
        attribute = new NetlinkAttribute(
            (ushort)(rawType & NetlinkAttribute.TypeMask),
            (rawType & NetlinkAttribute.NestedFlag) != 0,
            (rawType & NetlinkAttribute.NetworkByteOrderFlag) != 0,
            _remaining.Slice(NetlinkAttribute.HeaderSize, length - NetlinkAttribute.HeaderSize));
        // The last attribute may omit its padding.
        _remaining = _remaining[Math.Min(span.Length, NetlinkMessageHeader.Align(length))..];
        return true;
    }

    /// <summary>Reads every attribute into <paramref name="attributes"/>; false with a reason if any is malformed.</summary>
    public static bool TryReadAll(ReadOnlyMemory<byte> payload, List<NetlinkAttribute> attributes, out NetlinkReadError reason)
    {
        var reader = new NetlinkAttributeReader(payload);
        while (reader.TryRead(out var a))
            attributes.Add(a);
        reason = reader.Error;
        return reason == NetlinkReadError.None;
    }
}
