using System.Buffers.Binary;

namespace HaTools.Core.Linux.Netlink;

/// <summary>struct nlmsghdr: 16 bytes, host byte order (little endian on every platform we run on).</summary>
public readonly record struct NetlinkMessageHeader(uint Length, ushort Type, NetlinkMessageFlags Flags, uint Sequence, uint PortId)
{
    public const int Size = 16;

    /// <summary>NLMSG_ALIGN: messages and attributes start on 4-byte boundaries.</summary>
    public static int Align(int length) => (length + 3) & ~3;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PortId);
    }

    /// <summary>Reads the fixed 16 bytes; does not check Length against anything.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out NetlinkMessageHeader header, out NetlinkReadError reason)
    {
        if (source.Length < Size)
        {
            header = default;
            reason = NetlinkReadError.ShortHeader;
            return false;
        }
        header = new NetlinkMessageHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(source),
            BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
            (NetlinkMessageFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
        reason = NetlinkReadError.None;
        return true;
    }
}
