using System.Globalization;
using System.Text;

namespace HaTools.Core.Config;

/// <summary>
/// Turns keepalived.conf text into logical lines of tokens, applying (in keepalived's order) comments,
/// include, @conditionals, $definitions (single, multi-line, parameterised), ~SEQ/~LST and substitution.
/// Everything is iterative (explicit stacks): no input can make it recurse or run unbounded.
/// </summary>
internal sealed class ConfigLexer
{
    private const int MaxExpansionDepth = 64;
    private const int MaxSubstitutionPasses = 64;
    private const int MaxLineLength = 1 << 20;

    private readonly ConfigParseOptions _options;
    private readonly DiagnosticBag _diags;
    private readonly Dictionary<string, Definition> _defs = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _frames = new();
    private readonly HashSet<string> _openFiles = new(StringComparer.Ordinal);
    private readonly Stack<Pending> _pending = new();
    private readonly Random _random;
    // One pool per thread, reused across parses: a fresh 8k-slot table per small parse would cost more than it saves.
    [ThreadStatic]
    private static TokenPool? t_pool;
    private readonly TokenPool _pool = t_pool ??= new TokenPool();
    private readonly ConfigLine _line = new();
    private long _expanded;
    private long _totalBytes;
    private bool _expansionLimitReported;

    public ConfigLexer(ConfigParseOptions options, DiagnosticBag diags)
    {
        _options = options;
        _diags = diags;
        _random = new Random(options.RandomSeed);
    }

    /// <summary>Every file opened, in order.</summary>
    public List<string> Files { get; } = new();

    public long PhysicalLines { get; private set; }

    private sealed class Frame
    {
        public string? Path;
        public string? Dir;
        public string Text = "";
        public int Pos;
        public int LineNo;
        public Queue<string>? PendingIncludes;
        public int IncludeLine;
    }

    private readonly record struct Pending(string Text, string? File, int Line, int Depth, string? Dir);

    private sealed class Definition
    {
        public required string[] Lines;
        public string[]? Parameters;
        public bool MultiLine;
    }

    public IEnumerable<ConfigLine> ReadFile(string path)
    {
        if (OpenFile(_options.FileSystem.GetFullPath(path), null, 0))
            foreach (var l in Run()) yield return l;
    }

    public IEnumerable<ConfigLine> ReadContent(string text, string? directory)
    {
        _frames.Push(new Frame { Path = null, Dir = directory, Text = text });
        foreach (var l in Run()) yield return l;
    }

    private IEnumerable<ConfigLine> Run()
    {
        while (true)
        {
            if (_pending.Count > 0)
            {
                var p = _pending.Pop();
                if (Process(StripComment(p.Text), p.File, p.Line, p.Depth, p.Dir, null)) yield return _line;
                continue;
            }
            if (_frames.Count == 0) yield break;
            var frame = _frames.Peek();
            if (frame.PendingIncludes is { Count: > 0 })
            {
                OpenFile(frame.PendingIncludes.Dequeue(), frame.Path, frame.IncludeLine);
                continue;
            }
            if (!NextPhysicalLine(frame, out int start, out int length))
            {
                _frames.Pop();
                if (frame.Path != null) _openFiles.Remove(frame.Path);
                continue;
            }
            // Fast path: trim and cut the comment on the span; only lines that need the
            // advanced features (@, $, ~, include) become strings of their own.
            var span = frame.Text.AsSpan(start, length);
            int cut = CommentStart(span);
            var trimmed = span[..cut].TrimStart();
            start += cut - trimmed.Length;
            trimmed = trimmed.TrimEnd();
            if (trimmed.IsEmpty) continue;
            char c0 = trimmed[0];
            if (c0 == '@' || c0 == '$' || c0 == '~' || trimmed.Contains('$') || (c0 == 'i' && trimmed.StartsWith("include", StringComparison.Ordinal)))
            {
                var text = trimmed.ToString();
                if (c0 == 'i' && TryInclude(text, frame)) continue;
                if (Process(text, frame.Path, frame.LineNo, 0, frame.Dir, frame)) yield return _line;
                continue;
            }
            if (Tokenize(frame.Text, start, trimmed.Length, frame.Path, frame.LineNo)) yield return _line;
        }
    }

    private bool NextPhysicalLine(Frame f, out int start, out int length)
    {
        start = f.Pos;
        length = 0;
        if (f.Pos >= f.Text.Length) return false;
        int nl = f.Text.AsSpan(f.Pos).IndexOf('\n');
        int end = nl < 0 ? f.Text.Length : f.Pos + nl;
        length = end - f.Pos;
        if (length > 0 && f.Text[end - 1] == '\r') length--;
        f.Pos = nl < 0 ? f.Text.Length : end + 1;
        f.LineNo++;
        PhysicalLines++;
        if (HasControlCharacters(f.Text.AsSpan(start, length)))
        {
            _diags.Warn(f.Path, f.LineNo, DiagnosticCodes.BinaryData, "Line contains control characters or invalid UTF-8; ignored.");
            length = 0;
        }
        return true;
    }

    private string? NextPhysicalLine(Frame f) =>
        NextPhysicalLine(f, out int start, out int length) ? f.Text.Substring(start, length) : null;

    private static bool HasControlCharacters(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c < ' ' ? c != '\t' && c != '\f' && c != '\v' && c != '\r' : c == '\uFFFD' || c == '\u007F') return true;
        }
        return false;
    }

    private bool OpenFile(string fullPath, string? fromFile, int fromLine)
    {
        var fs = _options.FileSystem;
        if (_openFiles.Contains(fullPath))
        {
            _diags.Error(fromFile, fromLine, DiagnosticCodes.IncludeCycle, $"Include cycle: '{fullPath}' is already being read; not included again.");
            return false;
        }
        if (_frames.Count >= _options.MaxIncludeDepth)
        {
            _diags.Error(fromFile, fromLine, DiagnosticCodes.IncludeTooDeep, $"Includes nested deeper than {_options.MaxIncludeDepth}; '{fullPath}' not read.");
            return false;
        }
        byte[] bytes;
        try
        {
            long length = fs.GetLength(fullPath);
            if (length > _options.MaxFileBytes)
            {
                _diags.Error(fromFile ?? fullPath, fromLine, DiagnosticCodes.FileTooLarge,
                    $"'{fullPath}' is {length} bytes; files larger than {_options.MaxFileBytes} bytes are refused.");
                return false;
            }
            if (_totalBytes + length > _options.MaxTotalBytes)
            {
                _diags.Error(fromFile ?? fullPath, fromLine, DiagnosticCodes.FileTooLarge,
                    $"Reading '{fullPath}' would exceed {_options.MaxTotalBytes} bytes over all included files.");
                return false;
            }
            bytes = fs.ReadAllBytes(fullPath, _options.MaxFileBytes);
            if (bytes.Length > _options.MaxFileBytes)
            {
                _diags.Error(fromFile ?? fullPath, fromLine, DiagnosticCodes.FileTooLarge,
                    $"'{fullPath}' has more than {_options.MaxFileBytes} bytes; files larger than that are refused.");
                return false;
            }
            _totalBytes += bytes.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diags.Error(fromFile ?? fullPath, fromLine, DiagnosticCodes.IncludeReadError, $"Cannot read '{fullPath}': {ex.Message}");
            return false;
        }
        Files.Add(fullPath);
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            _diags.Error(fullPath, 0, DiagnosticCodes.BinaryData, $"'{fullPath}' contains NUL bytes: not a text configuration file; ignored.");
            return false;
        }
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        _frames.Push(new Frame { Path = fullPath, Dir = Path.GetDirectoryName(fullPath), Text = text });
        _openFiles.Add(fullPath);
        return true;
    }

    private bool TryInclude(string text, Frame frame)
    {
        if (text[0] != 'i' || !text.StartsWith("include", StringComparison.Ordinal)) return false;
        int sp = 0;
        while (sp < text.Length && !char.IsWhiteSpace(text[sp])) sp++;
        var keyword = text[..sp];
        if (keyword is not ("include" or "includer" or "includem" or "includew" or "includeb" or "includea" or "includet")) return false;
        var pattern = text[sp..].Trim();
        if (pattern.Length >= 2 && (pattern[0] == '"' || pattern[0] == '\'') && pattern[^1] == pattern[0]) pattern = pattern[1..^1];
        if (pattern.Length == 0)
        {
            _diags.Warn(frame.Path, frame.LineNo, DiagnosticCodes.MissingValue, $"'{keyword}' needs a file name.", text);
            return true;
        }
        var baseDir = frame.Dir ?? Directory.GetCurrentDirectory();
        var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDir, pattern);
        List<string> matches;
        try
        {
            matches = _options.FileSystem.Glob(full).Select(_options.FileSystem.GetFullPath).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _diags.Warn(frame.Path, frame.LineNo, DiagnosticCodes.IncludeReadError, $"Cannot expand include '{pattern}': {ex.Message}", text);
            return true;
        }
        if (matches.Count == 0)
        {
            _diags.Warn(frame.Path, frame.LineNo, DiagnosticCodes.IncludeNotFound, $"No file matches include '{pattern}'.", text);
            return true;
        }
        frame.PendingIncludes ??= new Queue<string>();
        foreach (var m in matches) frame.PendingIncludes.Enqueue(m);
        frame.IncludeLine = frame.LineNo;
        return true;
    }

    /// <summary>Where a '#' or '!' comment (outside quotes) starts, or the length.</summary>
    private static int CommentStart(ReadOnlySpan<char> line)
    {
        int i = line.IndexOfAny("#!\"'");
        if (i < 0) return line.Length;
        char quote = '\0';
        for (; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
            }
            else if (c == '"' || c == '\'') quote = c;
            else if (c == '#' || c == '!') return i;
        }
        return line.Length;
    }

    private static string StripComment(string line) => line.AsSpan(0, CommentStart(line)).Trim().ToString();

    /// <summary>The slow path for one logical line; true when the line buffer holds tokens to emit.</summary>
    private bool Process(string line, string? file, int lineNo, int depth, string? dir, Frame? frame)
    {
        if (line.Length == 0) return false;
        if (line[0] == '@' && !ApplyConditional(ref line)) return false;
        if (line.Length == 0) return false;

        if (line[0] == '$' && TryDefinition(line, file, lineNo, frame)) return false;

        if (line[0] == '~' && (line.StartsWith("~SEQ", StringComparison.Ordinal) || line.StartsWith("~LST", StringComparison.Ordinal)))
        {
            ExpandSequence(line, file, lineNo, depth, dir);
            return false;
        }

        if (line.IndexOf('$') >= 0)
        {
            var result = Substitute(line, file, lineNo, dir, out var multi);
            if (multi != null)
            {
                if (depth >= MaxExpansionDepth)
                {
                    _diags.Error(file, lineNo, DiagnosticCodes.DefinitionRecursion, $"Definitions nested deeper than {MaxExpansionDepth}; expansion stopped.", line);
                    return false;
                }
                if (!CountExpansion(multi.Length, file, lineNo)) return false;
                for (int i = multi.Length - 1; i >= 0; i--) _pending.Push(new Pending(multi[i], file, lineNo, depth + 1, dir));
                return false;
            }
            line = result.Trim();
            if (line.Length == 0) return false;
            if (line[0] == '@' && !ApplyConditional(ref line)) return false;
            if (line.Length == 0) return false;
            // A substituted value may itself be a definition or sequence line: run it through again.
            if ((line[0] == '$' || line[0] == '~') && depth < MaxExpansionDepth && line != result.Trim())
            {
                _pending.Push(new Pending(line, file, lineNo, depth + 1, dir));
                return false;
            }
        }
        return Tokenize(line, 0, line.Length, file, lineNo);
    }

    private bool ApplyConditional(ref string line)
    {
        bool negate = line.Length > 1 && line[1] == '^';
        int start = negate ? 2 : 1;
        int end = start;
        while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
        var id = line[start..end];
        bool match = string.Equals(id, _options.ConfigId, StringComparison.Ordinal);
        if (match == negate) return false;
        line = line[end..].TrimStart();
        return true;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    private bool TryDefinition(string line, string? file, int lineNo, Frame? frame)
    {
        int i = 1;
        if (i >= line.Length || !IsNameStart(line[i])) return false;
        while (i < line.Length && IsNameChar(line[i])) i++;
        var name = line[1..i];
        string[]? parameters = null;
        if (i < line.Length && line[i] == '(')
        {
            int close = line.IndexOf(')', i);
            if (close < 0 || close + 1 >= line.Length || line[close + 1] != '=') return false;
            parameters = line[(i + 1)..close].Split(',', StringSplitOptions.TrimEntries);
            if (parameters.Any(p => p.Length == 0 || !IsNameStart(p[0]) || !p.All(IsNameChar))) return false;
            i = close + 1;
        }
        if (i >= line.Length || line[i] != '=') return false;
        var value = line[(i + 1)..].Trim();
        if (value.EndsWith('\\'))
        {
            var lines = new List<string>();
            var first = value[..^1].Trim();
            if (first.Length > 0) lines.Add(first);
            bool closed = false;
            while (frame != null)
            {
                var raw = NextPhysicalLine(frame);
                if (raw == null) break;
                var s = StripComment(raw);
                if (s.Length == 0) continue;
                if (s.EndsWith('\\'))
                {
                    var part = s[..^1].Trim();
                    if (part.Length > 0) lines.Add(part);
                    continue;
                }
                lines.Add(s);
                closed = true;
                break;
            }
            if (!closed && frame != null)
                _diags.Warn(file, lineNo, DiagnosticCodes.MissingValue, $"Multi-line definition ${name} runs to the end of the file.", line);
            _defs[name] = new Definition { Lines = lines.ToArray(), Parameters = parameters, MultiLine = true };
        }
        else
        {
            _defs[name] = new Definition { Lines = [value], Parameters = parameters };
        }
        return true;
    }

    private bool CountExpansion(long n, string? file, int lineNo)
    {
        _expanded += n;
        if (_expanded <= _options.MaxExpandedLines) return true;
        if (!_expansionLimitReported)
        {
            _expansionLimitReported = true;
            _diags.Error(file, lineNo, DiagnosticCodes.ExpansionTooLarge, $"~SEQ/~LST and definitions expand to more than {_options.MaxExpandedLines} lines; expansion stopped.");
        }
        return false;
    }

    private void ExpandSequence(string line, string? file, int lineNo, int depth, string? dir)
    {
        bool hex = line.StartsWith("~SEQx", StringComparison.Ordinal);
        bool list = line.StartsWith("~LST", StringComparison.Ordinal);
        int open = line.IndexOf('(');
        int close = FindClosingParen(line, open);
        if (open < 0 || close < 0 || open > 5)
        {
            _diags.Warn(file, lineNo, DiagnosticCodes.InvalidSequence, "Malformed ~SEQ/~LST specification.", line);
            return;
        }
        var spec = line[(open + 1)..close];
        var remainder = line[(close + 1)..].Trim();
        List<(string[] Vars, string[] Values)> rows;
        if (!(list ? TryParseList(spec, out rows) : TryParseSeq(spec, hex, out rows)))
        {
            _diags.Warn(file, lineNo, DiagnosticCodes.InvalidSequence, "Malformed ~SEQ/~LST specification.", line);
            return;
        }
        if (depth >= MaxExpansionDepth)
        {
            _diags.Error(file, lineNo, DiagnosticCodes.DefinitionRecursion, "~SEQ/~LST nested too deeply.", line);
            return;
        }
        if (!CountExpansion((long)rows.Count * 2, file, lineNo)) return;
        for (int r = rows.Count - 1; r >= 0; r--)
        {
            _pending.Push(new Pending(remainder, file, lineNo, depth + 1, dir));
            var (vars, values) = rows[r];
            for (int v = vars.Length - 1; v >= 0; v--)
                _pending.Push(new Pending("$" + vars[v] + "=" + values[v], file, lineNo, depth + 1, dir));
        }
    }

    private static int FindClosingParen(string s, int open)
    {
        if (open < 0) return -1;
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return i;
        }
        return -1;
    }

    private bool TryParseSeq(string spec, bool hex, out List<(string[], string[])> rows)
    {
        rows = new();
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 2 || parts.Length > 4 || parts[0].Length == 0 || !IsNameStart(parts[0][0]) || !parts[0].All(IsNameChar)) return false;
        var nums = new long[parts.Length - 1];
        for (int i = 1; i < parts.Length; i++)
            if (!TryParseInteger(parts[i], out nums[i - 1])) return false;
        long start, step, end;
        switch (nums.Length)
        {
            case 1: end = nums[0]; start = end >= 0 ? 1 : -1; step = end >= start ? 1 : -1; break;
            case 2: start = nums[0]; end = nums[1]; step = end >= start ? 1 : -1; break;
            default: start = nums[0]; step = nums[1]; end = nums[2]; break;
        }
        if (step == 0) return false;
        long count = (end - start) / step + 1;
        if (count <= 0) return true;
        if (count > _options.MaxExpandedLines) count = _options.MaxExpandedLines + 1;
        for (long k = 0, v = start; k < count; k++, v += step)
            rows.Add(([parts[0]], [hex ? v.ToString("x", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture)]));
        return true;
    }

    private static bool TryParseInteger(string s, out long value)
    {
        bool neg = s.StartsWith('-');
        var body = neg ? s[1..] : s;
        bool ok = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (ok && (value > int.MaxValue)) ok = false;
        if (neg) value = -value;
        return ok;
    }

    private static bool TryParseList(string spec, out List<(string[], string[])> rows)
    {
        rows = new();
        var items = SplitTopLevel(spec);
        if (items.Count < 2) return false;
        var vars = Unbrace(items[0]).Split(',', StringSplitOptions.TrimEntries);
        if (vars.Any(v => v.Length == 0 || !IsNameStart(v[0]) || !v.All(IsNameChar))) return false;
        foreach (var item in items.Skip(1))
        {
            var values = Unbrace(item).Split(',', StringSplitOptions.TrimEntries);
            if (values.Length != vars.Length) return false;
            rows.Add((vars, values));
        }
        return true;
    }

    private static string Unbrace(string s) => s.Length >= 2 && s[0] == '{' && s[^1] == '}' ? s[1..^1] : s;

    private static List<string> SplitTopLevel(string s)
    {
        var list = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '{') depth++;
            else if (s[i] == '}') depth--;
            else if (s[i] == ',' && depth == 0) { list.Add(s[start..i].Trim()); start = i + 1; }
        }
        list.Add(s[start..].Trim());
        return list;
    }

    /// <summary>
    /// Replaces $NAME (followed by whitespace or end), ${NAME} and $NAME(args) until nothing changes.
    /// A line that is only a reference to a multi-line definition yields those lines instead.
    /// </summary>
    private string Substitute(string line, string? file, int lineNo, string? dir, out string[]? multiLine)
    {
        multiLine = null;
        for (int pass = 0; pass < MaxSubstitutionPasses; pass++)
        {
            bool changed = false;
            StringBuilder? sb = null;
            int copied = 0;
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] != '$' || i + 1 >= line.Length) continue;
                int refStart = i, refEnd;
                string name;
                string? argText = null;
                if (line[i + 1] == '{')
                {
                    int close = line.IndexOf('}', i + 2);
                    if (close < 0) continue;
                    var inner = line[(i + 2)..close].Trim();
                    refEnd = close + 1;
                    int paren = inner.IndexOf('(');
                    if (paren > 0 && inner.EndsWith(')')) { argText = inner[(paren + 1)..^1]; name = inner[..paren]; }
                    else name = inner;
                }
                else
                {
                    int j = i + 1;
                    if (!IsNameStart(line[j])) continue;
                    while (j < line.Length && IsNameChar(line[j])) j++;
                    name = line[(i + 1)..j];
                    if (j < line.Length && line[j] == '(')
                    {
                        int close = FindClosingParen(line, j);
                        if (close < 0) continue;
                        argText = line[(j + 1)..close];
                        j = close + 1;
                    }
                    else if (j < line.Length && !char.IsWhiteSpace(line[j])) continue;
                    refEnd = j;
                }
                string? value = Resolve(name, argText, dir, out var def);
                if (value == null) continue;
                if (def is { MultiLine: true } && refStart == 0 && refEnd == line.Length)
                {
                    multiLine = argText == null ? def.Lines : def.Lines.Select(l => BindParameters(l, def.Parameters, argText)).ToArray();
                    return line;
                }
                sb ??= new StringBuilder(line.Length + 32);
                sb.Append(line, copied, refStart - copied).Append(value);
                copied = refEnd;
                i = refEnd - 1;
                changed = true;
            }
            if (!changed) return line;
            sb!.Append(line, copied, line.Length - copied);
            line = sb.ToString();
            if (line.Length > MaxLineLength)
            {
                _diags.Error(file, lineNo, DiagnosticCodes.ExpansionTooLarge, $"Substitution produced a line longer than {MaxLineLength} characters.", null);
                return "";
            }
        }
        _diags.Error(file, lineNo, DiagnosticCodes.DefinitionRecursion, "Definitions refer to each other without end; substitution stopped.", line.Length > 200 ? line[..200] : line);
        return "";
    }

    private string? Resolve(string name, string? argText, string? dir, out Definition? def)
    {
        def = null;
        if (name.Length > 0 && name[0] == '_')
        {
            var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts.Length > 0 ? parts[0] : name)
            {
                case "_PWD": return dir ?? Directory.GetCurrentDirectory();
                case "_INSTANCE": return _options.InstanceName ?? _options.ConfigId ?? "";
                case "_HASH": return "#";
                case "_BANG": return "!";
                case "_RANDOM":
                    int min = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
                    int max = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : 32767;
                    if (max < min) (min, max) = (max, min);
                    return _random.NextInt64(min, (long)max + 1).ToString(CultureInfo.InvariantCulture);
            }
        }
        if (!_defs.TryGetValue(name, out def)) return null;
        var text = def.MultiLine ? string.Join(' ', def.Lines) : def.Lines[0];
        if (def.Parameters != null)
        {
            if (argText == null) return null;
            text = BindParameters(text, def.Parameters, argText);
        }
        return text;
    }

    private static string BindParameters(string body, string[]? parameters, string argText)
    {
        if (parameters == null) return body;
        var args = argText.Split(',', StringSplitOptions.TrimEntries);
        for (int p = 0; p < parameters.Length; p++)
        {
            var value = p < args.Length ? args[p] : "";
            body = body.Replace("${" + parameters[p] + "}", value, StringComparison.Ordinal);
        }
        return body;
    }

    /// <summary>Splits source[start..start+length] into words and braces in the reused line buffer.</summary>
    private bool Tokenize(string source, int start, int length, string? file, int lineNo)
    {
        var tokens = _line.Tokens;
        tokens.Clear();
        var line = source.AsSpan(start, length);
        int i = 0, n = line.Length;
        while (i < n)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '{') { tokens.Add(new ConfigToken("{", ConfigTokenKind.OpenBrace)); i++; continue; }
            if (c == '}') { tokens.Add(new ConfigToken("}", ConfigTokenKind.CloseBrace)); i++; continue; }
            int wordStart = i;
            StringBuilder? sb = null;
            while (i < n)
            {
                c = line[i];
                if (char.IsWhiteSpace(c) || c == '{' || c == '}') break;
                if (c == '$' && i + 1 < n && line[i + 1] == '{')
                {
                    // An undefined ${NAME} stays as written (keepalived leaves it), braces included.
                    int close = line[(i + 2)..].IndexOf('}');
                    int stop = close < 0 ? n : i + 2 + close + 1;
                    sb?.Append(line[i..stop]);
                    i = stop;
                    continue;
                }
                if (c == '"' || c == '\'')
                {
                    sb ??= new StringBuilder().Append(line[wordStart..i]);
                    i = ReadQuoted(source, start, length, i, sb, file, lineNo);
                    continue;
                }
                sb?.Append(c);
                i++;
            }
            tokens.Add(new ConfigToken(sb != null ? sb.ToString() : _pool.Get(line[wordStart..i]), ConfigTokenKind.Word));
        }
        if (tokens.Count == 0) return false;
        _line.File = file;
        _line.Line = lineNo;
        _line.TextSource = source;
        _line.TextStart = start;
        _line.TextLength = length;
        return true;
    }

    private int ReadQuoted(string source, int start, int length, int i, StringBuilder sb, string? file, int lineNo)
    {
        var line = source.AsSpan(start, length);
        char quote = line[i++];
        while (i < line.Length)
        {
            char c = line[i];
            if (c == quote) return i + 1;
            if (c == '\\' && i + 1 < line.Length)
            {
                i = ReadEscape(line, i + 1, sb);
                continue;
            }
            sb.Append(c);
            i++;
        }
        _diags.Warn(file, lineNo, DiagnosticCodes.UnterminatedQuote, $"Unterminated {quote} quote; the string runs to the end of the line.", line.ToString());
        return i;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static int ReadEscape(ReadOnlySpan<char> s, int i, StringBuilder sb)
    {
        char c = s[i];
        switch (c)
        {
            case 'a': sb.Append('\a'); return i + 1;
            case 'b': sb.Append('\b'); return i + 1;
            case 'E': sb.Append('\u001b'); return i + 1;
            case 'f': sb.Append('\f'); return i + 1;
            case 'n': sb.Append('\n'); return i + 1;
            case 'r': sb.Append('\r'); return i + 1;
            case 't': sb.Append('\t'); return i + 1;
            case 'v': sb.Append('\v'); return i + 1;
            case 'c' when i + 1 < s.Length: sb.Append((char)(char.ToUpperInvariant(s[i + 1]) ^ 0x40)); return i + 2;
            case 'x':
            {
                int j = i + 1, v = 0;
                while (j < s.Length && j < i + 3 && char.IsAsciiHexDigit(s[j])) v = v * 16 + HexValue(s[j++]);
                if (j == i + 1) { sb.Append('x'); return i + 1; }
                sb.Append((char)v);
                return j;
            }
            default:
                if (c >= '0' && c <= '7')
                {
                    int j = i, v = 0;
                    while (j < s.Length && j < i + 3 && s[j] >= '0' && s[j] <= '7') v = v * 8 + (s[j++] - '0');
                    sb.Append((char)(v & 0xFF));
                    return j;
                }
                sb.Append(c);
                return i + 1;
        }
    }
}
