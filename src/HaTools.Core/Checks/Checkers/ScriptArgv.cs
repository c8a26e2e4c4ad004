using System.Text;

namespace HaTools.Core.Checks.Checkers;

/// <summary>Splits a misc_path string into argv like keepalived: blanks separate, quotes group, backslash escapes. No shell.</summary>
public static class ScriptArgv
{
    public static bool TryParse(string? text, out string[] argv, out string reason)
    {
        argv = Array.Empty<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "it is empty";
            return false;
        }
        var words = new List<string>();
        var cur = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else cur.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(cur.ToString());
                cur.Clear();
                inWord = false;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                cur.Append(text[++i]);
                inWord = true;
            }
            else
            {
                cur.Append(c);
                inWord = true;
            }
        }
        if (quote != '\0')
        {
            reason = $"unterminated {quote} quote";
            return false;
        }
        if (inWord) words.Add(cur.ToString());
        argv = words.ToArray();
        reason = string.Empty;
        return argv.Length > 0;
    }
}
