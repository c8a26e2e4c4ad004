namespace HaTools.Core.Config;

internal enum ConfigTokenKind : byte
{
    Word,
    OpenBrace,
    CloseBrace,
}

/// <summary>One word or brace of a logical line; a quoted "{" is a Word, never a brace.</summary>
internal readonly record struct ConfigToken(string Text, ConfigTokenKind Kind);
