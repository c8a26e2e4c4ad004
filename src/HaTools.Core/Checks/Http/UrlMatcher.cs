using System.Text;
using System.Text.RegularExpressions;
using HaTools.Core.Checks.Options;

namespace HaTools.Core.Checks.Http;

/// <summary>
/// A url block's <c>regex</c> with its <c>regex_options</c>, <c>regex_min_offset</c> and <c>regex_max_offset</c>.
/// keepalived compiles with PCRE2; no PCRE2 binding is restorable here, so the pattern runs on .NET's engine.
/// What both engines read the same way runs; the constructs where they differ are refused by <see cref="Create"/>
/// with the construct named (the list is in docs/Test-RealServer.md, NOTES), so a pattern never
/// silently means something else.
/// </summary>
public sealed class UrlMatcher
{
    private readonly Regex _regex;
    private readonly bool _utf8;
    private readonly int _minOffset;
    private readonly int? _maxOffset;

    private UrlMatcher(Regex regex, bool utf8, int minOffset, int? maxOffset, int window)
    {
        _regex = regex;
        _utf8 = utf8;
        _minOffset = minOffset;
        _maxOffset = maxOffset;
        Window = window;
    }

    /// <summary>Body bytes the matcher needs to see.</summary>
    public int Window { get; }

    /// <summary>keepalived's regex_options, with the .NET option each maps to (null: no effect on matching here).</summary>
    public static readonly IReadOnlyDictionary<string, RegexOptions?> SupportedOptions = new Dictionary<string, RegexOptions?>
    {
        ["caseless"] = RegexOptions.IgnoreCase,
        ["multiline"] = RegexOptions.Multiline,
        ["dotall"] = RegexOptions.Singleline,
        ["extended"] = RegexOptions.IgnorePatternWhitespace,
        ["no_auto_capture"] = RegexOptions.ExplicitCapture,
        ["dupnames"] = null,
        ["utf"] = null,
        ["ucp"] = null,
        ["never_ucp"] = null,
        ["never_utf"] = null,
        ["never_backslash_c"] = null,
        ["no_auto_possess"] = null,
        ["no_start_optimize"] = null,
        ["no_dotstar_anchor"] = null,
        ["auto_callout"] = null,
        ["use_offset_limit"] = null,
    };

    /// <summary>PCRE2 options keepalived accepts whose meaning .NET's engine cannot reproduce.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnsupportedOptions = new Dictionary<string, string>
    {
        ["ungreedy"] = ".NET has no option that swaps greedy and lazy quantifiers; write the lazy quantifiers (*?, +?) instead",
        ["dollar_endonly"] = ".NET's $ always also matches before a final newline; use \\z",
        ["firstline"] = ".NET cannot restrict the match start to the first line; anchor the pattern with ^ instead",
        ["allow_empty_class"] = ".NET reads [] as the start of a class",
        ["alt_bsux"] = ".NET reads \\u, \\U and \\x the standard way",
        ["match_unset_backref"] = ".NET fails a back reference to an unset group",
        ["alt_circumflex"] = ".NET's ^ in multiline mode does not match after a final newline",
        ["alt_verbnames"] = ".NET has no backtracking verbs",
    };

    /// <summary>Compiles the url's regex or throws a <see cref="HaToolsException"/> (RegexInvalid / RegexUnsupported).</summary>
    public static UrlMatcher Create(UrlCheckOptions url)
    {
        var pattern = url.Regex ?? throw new ArgumentException("url has no regex", nameof(url));
        var options = RegexOptions.CultureInvariant;
        var utf8 = false;
        foreach (var name in url.RegexOptions)
        {
            if (UnsupportedOptions.TryGetValue(name, out var why))
                throw new HaToolsException("RegexOptionUnsupported", HaToolsErrorKind.NotSupported, $"regex_options '{name}' is not supported: {why}.", name);
            if (!SupportedOptions.TryGetValue(name, out var mapped))
                throw new HaToolsException("RegexOptionUnknown", HaToolsErrorKind.InvalidArgument,
                    $"regex_options '{name}' is not a keepalived regex option ({string.Join(' ', SupportedOptions.Keys.Concat(UnsupportedOptions.Keys).Order())}).", name);
            if (mapped is RegexOptions o) options |= o;
            if (name == "utf") utf8 = true;
        }
        if (FindPcre2OnlyConstruct(pattern, (options & RegexOptions.IgnorePatternWhitespace) != 0) is { } construct)
            throw new HaToolsException("RegexUnsupported", HaToolsErrorKind.NotSupported,
                $"regex '{pattern}' uses {construct}, which PCRE2 (keepalived) and .NET read differently; rewrite it without.", pattern);
        Regex regex;
        try
        {
            regex = new Regex(pattern, options, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new HaToolsException("RegexInvalid", HaToolsErrorKind.InvalidArgument, $"regex '{pattern}' is not valid: {ex.Message}", pattern, ex);
        }
        var min = url.RegexMinOffset ?? 0;
        int? max = url.RegexMaxOffset;
        if (max is int m && min > m)
        {
            // keepalived ignores both offsets when min exceeds max (and logs it); so do we.
            min = 0;
            max = null;
        }
        var window = UrlCheckOptions.RegexWindow;
        return new UrlMatcher(regex, utf8, min, max, window);
    }

    /// <summary>True when the body (its first <see cref="Window"/> bytes) holds a match starting within the offsets.</summary>
    public bool IsMatch(ReadOnlySpan<byte> body)
    {
        if (_minOffset > body.Length) return false;
        // Bytes map 1:1 to chars in Latin-1, so offsets are byte offsets as in keepalived; utf decodes UTF-8.
        string text;
        int start;
        if (_utf8)
        {
            text = Encoding.UTF8.GetString(body);
            start = Encoding.UTF8.GetCharCount(body[.._minOffset]);
        }
        else
        {
            text = Encoding.Latin1.GetString(body);
            start = _minOffset;
        }
        var match = _regex.Match(text, start);
        if (!match.Success) return false;
        if (_maxOffset is not int max) return true;
        var at = _utf8 ? Encoding.UTF8.GetByteCount(text.AsSpan(0, match.Index)) : match.Index;
        return at <= max;
    }

    /// <summary>
    /// The first construct PCRE2 accepts that .NET rejects or reads differently, named for the error; null when
    /// none. Scans escapes, groups and classes; it does not validate the rest (the .NET parser does that).
    /// </summary>
    public static string? FindPcre2OnlyConstruct(string p, bool extended = false)
    {
        var inClass = false;
        var classStart = -1;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var e = p[i + 1];
                switch (e)
                {
                    case 'K' when !inClass: return "\\K (reset match start)";
                    case 'Q': return "\\Q...\\E (literal quoting)";
                    case 'E': return "\\E";
                    case 'R': return "\\R (any newline sequence)";
                    case 'X': return "\\X (extended grapheme cluster)";
                    case 'h' or 'H': return $"\\{e} (horizontal white space)";
                    case 'v' or 'V': return $"\\{e} (vertical white space in PCRE2, a vertical tab in .NET)";
                    case 'N': return "\\N (not a newline)";
                    case 'C': return "\\C (one code unit)";
                    case 'g': return "\\g (numbered/relative back reference or subroutine call)";
                    case 'o' when i + 2 < p.Length && p[i + 2] == '{': return "\\o{...} (octal)";
                    case 'x' when i + 2 < p.Length && p[i + 2] == '{': return "\\x{...} (code point)";
                    case 'p' or 'P': return $"\\{e} (Unicode properties use other names in PCRE2)";
                }
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] is ':' or '=' or '.') return "a POSIX class such as [:alpha:] (.NET reads it as single characters)";
                if (c == ']' && i > classStart + 1 && !(i == classStart + 2 && p[classStart + 1] == '^')) inClass = false;
                continue;
            }
            if (extended && c == '#')
            {
                while (i < p.Length && p[i] != '\n') i++;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    classStart = i;
                    break;
                case '(' when i + 1 < p.Length && p[i + 1] == '*':
                    return "a backtracking verb or start option such as (*SKIP) or (*UTF)";
                case '(' when i + 2 < p.Length && p[i + 1] == '?':
                    var n = p[i + 2];
                    if (n is 'R' or '&' or '+' or '|' or 'C' || char.IsAsciiDigit(n) || n == '-' && i + 3 < p.Length && char.IsAsciiDigit(p[i + 3]))
                        return n == '|' ? "(?| branch reset group" : n == 'C' ? "(?C callout" : "a recursion or subroutine call such as (?R), (?1) or (?&name)";
                    if (n == 'P') return "a Python-style named group (?P<name>, (?P=name) or (?P>name)";
                    break;
                case '+' when i > 0 && p[i - 1] is '*' or '+' or '?' or '}' && !IsEscaped(p, i - 1):
                    return "a possessive quantifier such as *+ or ++";
            }
        }
        return null;
    }

    private static bool IsEscaped(string p, int i)
    {
        var n = 0;
        for (var j = i - 1; j >= 0 && p[j] == '\\'; j--) n++;
        return n % 2 == 1;
    }
}
