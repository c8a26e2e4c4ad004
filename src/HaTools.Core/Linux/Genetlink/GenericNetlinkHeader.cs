namespace HaTools.Core.Linux.Genetlink;

/// <summary>struct genlmsghdr: command, family version, two reserved bytes (uapi linux/genetlink.h).</summary>
public readonly record struct GenericNetlinkHeader(byte Command, byte Version)
{
    public const int Size = 4;

    public void Write(Span<byte> destination)
    {
        destination[0] = Command;
        destination[1] = Version;
        destination[2] = 0;
        destination[3] = 0;
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out GenericNetlinkHeader header)
    {
        header = source.Length >= Size ? new GenericNetlinkHeader(source[0], source[1]) : default;
        return source.Length >= Size;
    }
}
