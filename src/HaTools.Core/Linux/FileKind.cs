using System.Text;

namespace HaTools.Core.Linux;

/// <summary>The file types stat(2) tells apart (st_mode &amp; S_IFMT).</summary>
public enum FileType
{
    Unknown,
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    SymbolicLink,
}

/// <summary>
/// What kind of file a path names, from stat(2). Opening a FIFO for reading blocks until a writer
/// appears, so readers of untrusted paths check first.
/// </summary>
public static unsafe class FileKind
{
    /// <summary>The type of the file at <paramref name="path"/> (links followed); Unknown off Linux.</summary>
    public static FileType Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return FileType.Unknown;
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
        Tmds.Linux.stat st;
        fixed (byte* p = bytes)
        {
            if (Tmds.Linux.LibC.stat(p, &st) != 0) return FileType.Missing;
        }
        return ((uint)st.st_mode & 0xF000) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0x2000 => FileType.CharacterDevice,
            0x6000 => FileType.BlockDevice,
            0x1000 => FileType.Fifo,
            0xC000 => FileType.Socket,
            0xA000 => FileType.SymbolicLink,
            _ => FileType.Unknown,
        };
    }

    /// <summary>True for files whose open or read can block with no data ever coming: FIFOs and sockets.</summary>
    public static bool MayBlockOnOpen(string path) => Of(path) is FileType.Fifo or FileType.Socket;
}
