namespace HaTools.Core.Config;

/// <summary>The file access the config reader needs; a fake in tests, the real disk otherwise.</summary>
public interface IConfigFileSystem
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    long GetLength(string path);

    /// <summary>Reads up to <paramref name="maxBytes"/> bytes (the caller checked the length first).</summary>
    byte[] ReadAllBytes(string path);

    /// <summary>Files matching a glob pattern (*, ?, [..], {a,b}), sorted as glob(3) would.</summary>
    IEnumerable<string> Glob(string pattern);

    string GetFullPath(string path);
}
