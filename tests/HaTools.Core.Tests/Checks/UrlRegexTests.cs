using System.Text;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// url regex as keepalived.conf(5) describes it (PCRE2 with regex_options, regex_min_offset, regex_max_offset),
/// run on .NET's engine: what both engines read alike works, what they read differently is refused by name.
/// </summary>
public sealed class UrlRegexTests
{
    private static bool Match(string pattern, string body, string[]? options = null, int? min = null, int? max = null) =>
        UrlMatcher.Create(new UrlCheckOptions { Regex = pattern, RegexOptions = options ?? Array.Empty<string>(), RegexMinOffset = min, RegexMaxOffset = max })
            .IsMatch(Encoding.Latin1.GetBytes(body));

    [Theory]
    [InlineData(@"status: (ok|degraded)", "x status: ok y", true)]
    [InlineData(@"^<html>", "<html><body>", true)]
    [InlineData(@"\d{3}-\w+", "id 123-abc", true)]
    [InlineData(@"(?i)HEALTHY", "healthy", true)]
    [InlineData(@"(?<word>ok)\k<word>", "okok", true)]
    [InlineData(@"(?>a+)b", "aaab", true)]
    [InlineData(@"ok$", "ok\n", true)]
    [InlineData(@"a.b", "a\nb", false)]
    public void Patterns_both_engines_read_alike_match_as_in_keepalived(string pattern, string body, bool expected) =>
        Assert.Equal(expected, Match(pattern, body));

    [Theory]
    [InlineData("caseless", "OK", "ok", true)]
    [InlineData("multiline", "^b$", "a\nb\nc", true)]
    [InlineData("dotall", "a.b", "a\nb", true)]
    [InlineData("extended", "o k # comment", "ok", true)]
    public void Regex_options_map_to_the_same_meaning(string option, string pattern, string body, bool expected)
    {
        Assert.False(Match(pattern, body)); // without the option it does not match ...
        Assert.Equal(expected, Match(pattern, body, new[] { option })); // ... with it, it does
    }

    [Fact]
    public void Offsets_bound_where_the_match_may_start()
    {
        const string body = "0123456789ok";
        Assert.True(Match("ok", body, min: 10));
        Assert.False(Match("ok", body, min: 11));
        Assert.True(Match("ok", body, max: 10));
        Assert.False(Match("ok", body, max: 9));
        Assert.True(Match("(?<=9)ok", body, min: 10)); // look-behind still sees the bytes before min
        // keepalived ignores both offsets when min > max.
        Assert.True(Match("ok", body, min: 11, max: 5));
    }

    [Fact]
    public void Bytes_are_matched_one_char_per_byte_unless_utf_is_set()
    {
        var body = Encoding.UTF8.GetBytes("caf\u00e9!");
        var latin = UrlMatcher.Create(new UrlCheckOptions { Regex = "caf.!" });
        var utf = UrlMatcher.Create(new UrlCheckOptions { Regex = "caf.!", RegexOptions = new[] { "utf" } });
        Assert.False(latin.IsMatch(body)); // é is two bytes, so two "characters" without utf (as PCRE2)
        Assert.True(utf.IsMatch(body));
    }

    [Theory]
    [InlineData(@"a++b", "possessive")]
    [InlineData(@"\d*+x", "possessive")]
    [InlineData(@"foo\Kbar", @"\K")]
    [InlineData(@"\Qa.b\E", @"\Q")]
    [InlineData(@"[[:alpha:]]+", "POSIX class")]
    [InlineData(@"(?P<n>x)", "Python-style")]
    [InlineData(@"(a|(?R))", "recursion")]
    [InlineData(@"(a)(?1)", "recursion")]
    [InlineData(@"(?|(a)|(b))", "branch reset")]
    [InlineData(@"(*SKIP)a", "backtracking verb")]
    [InlineData(@"\h+", "horizontal white space")]
    [InlineData(@"a\vb", "vertical")]
    [InlineData(@"\x{263a}", "code point")]
    [InlineData(@"a\R", "newline sequence")]
    [InlineData(@"(a)\g1", @"\g")]
    public void Pcre2_only_constructs_are_refused_with_the_construct_named(string pattern, string named)
    {
        var ex = Assert.Throws<HaToolsException>(() => UrlMatcher.Create(new UrlCheckOptions { Regex = pattern }));
        Assert.Equal("RegexUnsupported", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.NotSupported, ex.Kind);
        Assert.Contains(named, ex.Message);
        Assert.Equal(pattern, ex.Target);
    }

    [Theory]
    [InlineData(@"\++", true)]      // an escaped + then a quantifier
    [InlineData(@"[+*]+", true)]    // quantifier characters inside a class
    [InlineData(@"a+?b", true)]     // lazy, not possessive
    [InlineData(@"[\h]", false)]
    public void The_scanner_does_not_mistake_escapes_and_classes(string pattern, bool accepted) =>
        Assert.Equal(accepted, UrlMatcher.FindPcre2OnlyConstruct(pattern) is null);

    [Fact]
    public void Invalid_patterns_and_unknown_or_unsupported_options_are_clear_errors()
    {
        Assert.Equal("RegexInvalid", Assert.Throws<HaToolsException>(() => UrlMatcher.Create(new UrlCheckOptions { Regex = "(unclosed" })).ErrorId);
        var unknown = Assert.Throws<HaToolsException>(() => UrlMatcher.Create(new UrlCheckOptions { Regex = "x", RegexOptions = new[] { "turbo" } }));
        Assert.Equal("RegexOptionUnknown", unknown.ErrorId);
        var ungreedy = Assert.Throws<HaToolsException>(() => UrlMatcher.Create(new UrlCheckOptions { Regex = "x", RegexOptions = new[] { "ungreedy" } }));
        Assert.Equal(("RegexOptionUnsupported", "ungreedy"), (ungreedy.ErrorId, ungreedy.Target));
    }

    [Fact]
    public void Every_option_keepalived_lists_is_either_mapped_or_refused_with_a_reason()
    {
        // keepalived.conf(5) 2.2.7, url { regex_options }.
        var keepalived = "allow_empty_class alt_bsux auto_callout caseless dollar_endonly dotall dupnames extended firstline match_unset_backref multiline never_ucp never_utf no_auto_capture no_auto_possess no_dotstar_anchor no_start_optimize ucp ungreedy utf never_backslash_c alt_circumflex alt_verbnames use_offset_limit".Split(' ');
        foreach (var o in keepalived)
            Assert.True(UrlMatcher.SupportedOptions.ContainsKey(o) ^ UrlMatcher.UnsupportedOptions.ContainsKey(o), o);
        Assert.Equal(keepalived.Order(), UrlMatcher.SupportedOptions.Keys.Concat(UrlMatcher.UnsupportedOptions.Keys).Order());
    }

    [Fact]
    public void Documented_difference_non_ascii_bytes_are_word_characters_in_dotnet()
    {
        // PCRE2 without ucp would not match: docs/Test-RealServer.md NOTES lists this difference.
        Assert.True(Match(@"caf\w", "caf\u00e9"));
        Assert.True(Match(@"a\sb", "a\u00a0b"));
        Assert.True(Match("\u00e9", "\u00c9", new[] { "caseless" }));
    }
}
