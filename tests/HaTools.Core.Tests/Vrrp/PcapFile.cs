using System.Buffers.Binary;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>Minimal classic-pcap reader (libpcap format, Ethernet link type) for golden captures.</summary>
public sealed class PcapFile
{
    private PcapFile(IReadOnlyList<PcapFrame> frames) => Frames = frames;

    public IReadOnlyList<PcapFrame> Frames { get; }

    public static PcapFile Load(string path) => Parse(File.ReadAllBytes(path));

    public static PcapFile Parse(byte[] data)
    {
        if (data.Length < 24)
        {
            throw new InvalidDataException("Not a pcap file: shorter than its global header.");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        bool little = magic is 0xA1B2C3D4 or 0xA1B23C4D;
        bool big = magic is 0xD4C3B2A1 or 0x4D3CB2A1;
        if (!little && !big)
        {
            throw new InvalidDataException($"Not a classic pcap file (magic 0x{magic:x8}).");
        }

        bool nanos = magic is 0xA1B23C4D or 0x4D3CB2A1;
        uint U32(int offset) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        uint linkType = U32(20);
        if (linkType != 1)
        {
            throw new InvalidDataException($"Only Ethernet captures are supported (link type {linkType}).");
        }

        var frames = new List<PcapFrame>();
        int pos = 24;
        while (pos + 16 <= data.Length)
        {
            long seconds = U32(pos);
            long fraction = U32(pos + 4);
            int captured = (int)U32(pos + 8);
            pos += 16;
            if (captured < 0 || pos + captured > data.Length)
            {
                throw new InvalidDataException("Truncated pcap record.");
            }

            long ticks = (seconds * TimeSpan.TicksPerSecond) + (nanos ? fraction / 100 : fraction * 10);
            frames.Add(new PcapFrame(frames.Count + 1, new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero), data.AsMemory(pos, captured)));
            pos += captured;
        }

        return new PcapFile(frames);
    }
}

/// <summary>One captured Ethernet frame; <see cref="Number"/> counts from 1 like Wireshark.</summary>
public sealed record PcapFrame(int Number, DateTimeOffset Time, ReadOnlyMemory<byte> Data)
{
    public ushort EtherType => BinaryPrimitives.ReadUInt16BigEndian(Data.Span[12..]);

    /// <summary>The network-layer packet after the 14-byte Ethernet header.</summary>
    public ReadOnlyMemory<byte> Payload => Data[14..];
}
