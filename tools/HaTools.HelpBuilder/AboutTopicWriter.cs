using System.Text;

namespace HaTools.HelpBuilder;

/// <summary>
/// Turns docs/about_*.md into en-US/about_*.help.txt: the markdown heading levels become the
/// upper-case section titles that Get-Help about_X prints; prose wraps at 80 columns.
/// </summary>
internal static class AboutTopicWriter
{
    public static string Convert(string[] lines)
    {
        var sb = new StringBuilder();
        bool fence = false;
        int start = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            start = Array.FindIndex(lines, 1, l => l.Trim() == "---") + 1;
            if (start == 0) start = lines.Length;
        }
        for (int i = start; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fence = !fence; continue; }
            if (fence) { sb.Append("    ").AppendLine(line); continue; }
            if (line.StartsWith("# ", StringComparison.Ordinal)) { sb.AppendLine("TOPIC").Append("    ").AppendLine(line[2..].Trim()).AppendLine(); continue; }
            if (line.StartsWith("## ", StringComparison.Ordinal)) { sb.AppendLine(line[3..].Trim().ToUpperInvariant()); continue; }
            if (line.StartsWith("### ", StringComparison.Ordinal)) { sb.Append("  ").AppendLine(line[4..].Trim()); continue; }
            sb.Append(line.Length == 0 ? "" : "    ").AppendLine(line.Replace("`", ""));
        }
        return sb.ToString();
    }
}
