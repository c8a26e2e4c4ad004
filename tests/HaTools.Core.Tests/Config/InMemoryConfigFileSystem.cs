using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>A config file system held in memory, so property tests run without touching the disk.</summary>
internal sealed class InMemoryConfigFileSystem : IConfigFileSystem
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public bool FileExists(string path) => Files.ContainsKey(path);

    public bool DirectoryExists(string path) => path == "/" || Files.Keys.Any(k => k.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));

    public long GetLength(string path) => Files.TryGetValue(path, out var b) ? b.Length : throw new FileNotFoundException(path);

    public byte[] ReadAllBytes(string path, long maxBytes) =>
        Files.TryGetValue(path, out var b) ? b.Take((int)Math.Min(b.Length, maxBytes + 1)).ToArray() : throw new FileNotFoundException(path);

    public IEnumerable<string> Glob(string pattern) =>
        Files.Keys.Where(k => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, k, ignoreCase: false)).Order(StringComparer.Ordinal);

    public string GetFullPath(string path) => Path.GetFullPath(path, "/");
}
