using System.Text;
using System.Text.RegularExpressions;

namespace HaTools.Core.Config;

/// <summary>The real file system; globbing follows glob(3) semantics for *, ?, [...] and csh-style {a,b}.</summary>
public sealed class PhysicalConfigFileSystem : IConfigFileSystem
{
    public static PhysicalConfigFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public long GetLength(string path) => new FileInfo(path).Length;

    public byte[] ReadAllBytes(string path, long maxBytes)
    {
        // A FIFO would block the open until a writer comes; devices such as /dev/zero are bounded by maxBytes below.
        if (Linux.FileKind.MayBlockOnOpen(path))
            throw new IOException($"'{path}' is a FIFO or socket, not a configuration file.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (buffer.Length <= maxBytes && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
            buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }

    public string GetFullPath(string path) => Path.GetFullPath(path);

    public IEnumerable<string> Glob(string pattern)
    {
        var results = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in ExpandBraces(pattern))
        {
            if (!HasWildcard(p))
            {
                if (File.Exists(p)) results.Add(p);
                continue;
            }
            foreach (var f in GlobOne(p)) results.Add(f);
        }
        return results;
    }

    private static bool HasWildcard(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    // Walks one path component at a time so that wildcards may appear in directory names too.
    private static IEnumerable<string> GlobOne(string pattern)
    {
        var parts = pattern.Split('/');
        var current = new List<string> { pattern.StartsWith('/') ? "/" : "." };
        for (int i = pattern.StartsWith('/') ? 1 : 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0) continue;
            bool last = i == parts.Length - 1;
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (!HasWildcard(part))
                {
                    var candidate = Path.Combine(dir, part);
                    if (last ? File.Exists(candidate) : Directory.Exists(candidate)) next.Add(candidate);
                    continue;
                }
                if (!Directory.Exists(dir)) continue;
                var rx = new Regex("^" + WildcardToRegex(part) + "$", RegexOptions.CultureInvariant);
                IEnumerable<string> entries;
                try
                {
                    entries = last ? Directory.EnumerateFiles(dir) : Directory.EnumerateDirectories(dir);
                    entries = entries.ToList();
                }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                foreach (var e in entries)
                {
                    var name = Path.GetFileName(e);
                    if (name.StartsWith('.') && !part.StartsWith('.')) continue;
                    if (rx.IsMatch(name)) next.Add(e);
                }
            }
            current = next;
        }
        return current.Select(p => p.StartsWith("./", StringComparison.Ordinal) && !pattern.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p);
    }

    private static string WildcardToRegex(string part)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < part.Length; i++)
        {
            char c = part[i];
            switch (c)
            {
                case '*': sb.Append(".*"); break;
                case '?': sb.Append('.'); break;
                case '[':
                    int end = part.IndexOf(']', i + 1);
                    if (end < 0) { sb.Append("\\["); break; }
                    var set = part.Substring(i + 1, end - i - 1);
                    if (set.StartsWith('!')) set = "^" + set[1..];
                    sb.Append('[').Append(set.Replace("\\", "\\\\")).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>csh-style brace expansion: a{b,c}d → abd, acd (iterative, bounded).</summary>
    internal static List<string> ExpandBraces(string pattern)
    {
        var done = new List<string>();
        var work = new Stack<string>();
        work.Push(pattern);
        while (work.Count > 0 && done.Count < 10_000)
        {
            var p = work.Pop();
            int open = p.IndexOf('{');
            if (open < 0) { done.Add(p); continue; }
            int depth = 0, close = -1;
            var commas = new List<int>();
            for (int i = open; i < p.Length; i++)
            {
                if (p[i] == '{') depth++;
                else if (p[i] == '}') { if (--depth == 0) { close = i; break; } }
                else if (p[i] == ',' && depth == 1) commas.Add(i);
            }
            if (close < 0) { done.Add(p); continue; }
            var head = p[..open];
            var tail = p[(close + 1)..];
            int start = open + 1;
            var alternatives = new List<string>();
            foreach (var c in commas.Append(close))
            {
                alternatives.Add(p[start..c]);
                start = c + 1;
            }
            for (int i = alternatives.Count - 1; i >= 0; i--) work.Push(head + alternatives[i] + tail);
        }
        return done;
    }
}
