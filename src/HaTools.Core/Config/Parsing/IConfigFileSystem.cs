namespace HaTools.Core.Config;

/// <summary>The file access the config reader needs; a fake in tests, the real disk otherwise.</summary>
public interface IConfigFileSystem
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    long GetLength(string path);

    /// <summary>
    /// Reads the file, but never more than <paramref name="maxBytes"/> + 1 bytes: devices such as
    /// /dev/zero report length 0 and never end, so the length from stat alone is no bound.
    /// </summary>
    byte[] ReadAllBytes(string path, long maxBytes);

    /// <summary>Files matching a glob pattern (*, ?, [..], {a,b}), sorted as glob(3) would.</summary>
    IEnumerable<string> Glob(string pattern);

    string GetFullPath(string path);
}
