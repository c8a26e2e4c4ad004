using System.Text.RegularExpressions;

namespace HaTools.HelpBuilder;

/// <summary>Reads one PlatyPS-schema markdown page. Structural errors name file:line.</summary>
internal static class MarkdownHelpReader
{
    public static CommandHelp Read(string path) => Parse(File.ReadAllLines(path), path);

    public static CommandHelp Parse(string[] lines, string file)
    {
        var help = new CommandHelp { SourceFile = file };
        int i = SkipFrontMatter(lines, file);
        string? section = null;
        var sectionLines = new List<(string Text, int Line)>();

        void Flush()
        {
            if (section != null) ApplySection(help, section, sectionLines, file);
            sectionLines.Clear();
        }

        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            bool inFence = sectionLines.Count(l => l.Text.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 1;
            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && help.Name.Length == 0 && section == null)
            {
                help.Name = line[2..].Trim();
                continue;
            }
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                section = line[3..].Trim().ToUpperInvariant();
                continue;
            }
            if (section != null) sectionLines.Add((line, i + 1));
        }
        Flush();

        if (help.Name.Length == 0) throw new HelpFormatException(file, 1, "no '# Verb-Noun' title");
        if (string.IsNullOrWhiteSpace(help.Synopsis)) throw new HelpFormatException(file, 1, $"{help.Name}: empty SYNOPSIS");
        return help;
    }

    private static int SkipFrontMatter(string[] lines, string file)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---") return 0;
        for (int i = 1; i < lines.Length; i++)
            if (lines[i].Trim() == "---") return i + 1;
        throw new HelpFormatException(file, 1, "front matter '---' is not closed");
    }

    private static void ApplySection(CommandHelp help, string section, List<(string Text, int Line)> body, string file)
    {
        switch (section)
        {
            case "SYNOPSIS": help.Synopsis = string.Join(" ", Paragraphs(body)); break;
            case "DESCRIPTION": help.Description.AddRange(Paragraphs(body)); break;
            case "NOTES": help.Notes.AddRange(Paragraphs(body)); break;
            case "SYNTAX": ReadSyntax(help, body); break;
            case "EXAMPLES": ReadExamples(help, body, file); break;
            case "PARAMETERS": ReadParameters(help, body, file); break;
            case "INPUTS": help.Inputs.AddRange(ReadTypes(body)); break;
            case "OUTPUTS": help.Outputs.AddRange(ReadTypes(body)); break;
            case "RELATED LINKS": ReadLinks(help, body); break;
            default: throw new HelpFormatException(file, body.Count > 0 ? body[0].Line - 1 : 1, $"unknown section '## {section}'");
        }
    }

    /// <summary>Prose paragraphs: blank lines separate them, lines inside one are joined.</summary>
    private static List<string> Paragraphs(IEnumerable<(string Text, int Line)> body)
    {
        var result = new List<string>();
        var current = new List<string>();
        bool fence = false;
        foreach (var (text, _) in body)
        {
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fence = !fence; continue; }
            if (fence) { result.Add(text); continue; }
            if (string.IsNullOrWhiteSpace(text))
            {
                if (current.Count > 0) { result.Add(string.Join(" ", current)); current.Clear(); }
            }
            else current.Add(text.Trim());
        }
        if (current.Count > 0) result.Add(string.Join(" ", current));
        return result;
    }

    /// <summary>Cuts a section into its "### heading" blocks (headings inside code fences do not count).</summary>
    private static List<(string Heading, int Line, List<(string Text, int Line)> Body)> SplitBy(List<(string Text, int Line)> body, string prefix)
    {
        var result = new List<(string, int, List<(string Text, int Line)>)>();
        List<(string Text, int Line)>? current = null;
        bool fence = false;
        foreach (var l in body)
        {
            if (l.Text.TrimStart().StartsWith("```", StringComparison.Ordinal)) fence = !fence;
            if (!fence && l.Text.StartsWith(prefix, StringComparison.Ordinal))
            {
                current = new();
                result.Add((l.Text[prefix.Length..].Trim(), l.Line, current));
                continue;
            }
            current?.Add(l);
        }
        return result;
    }

    private static List<string> FenceContent(List<(string Text, int Line)> body, out List<(string Text, int Line)> rest)
    {
        var code = new List<string>();
        rest = new();
        bool fence = false, seen = false;
        foreach (var l in body)
        {
            if (l.Text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (!seen || fence) { fence = !fence; seen = true; continue; }
            }
            if (fence) code.Add(l.Text);
            else rest.Add(l);
        }
        return code;
    }

    private static void ReadSyntax(CommandHelp help, List<(string Text, int Line)> body)
    {
        foreach (var (heading, _, block) in SplitBy(body, "### "))
        {
            bool isDefault = heading.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            string set = isDefault ? heading[..^"(Default)".Length].Trim() : heading;
            string text = string.Join(" ", FenceContent(block, out _).Select(s => s.Trim()));
            help.Syntax.Add(new SyntaxBlock(set, isDefault, text));
        }
    }

    private static void ReadExamples(CommandHelp help, List<(string Text, int Line)> body, string file)
    {
        foreach (var (title, line, block) in SplitBy(body, "### "))
        {
            var ex = new ExampleHelp { Title = title };
            ex.Code.AddRange(FenceContent(block, out var rest));
            if (ex.Code.Count == 0) throw new HelpFormatException(file, line, $"example '{title}' has no code block");
            ex.Remarks.AddRange(Paragraphs(rest));
            help.Examples.Add(ex);
        }
    }

    private static readonly Regex YamlLine = new(@"^(?<key>[A-Za-z ]+):\s*(?<value>.*)$", RegexOptions.Compiled);

    private static void ReadParameters(CommandHelp help, List<(string Text, int Line)> body, string file)
    {
        foreach (var (name, line, block) in SplitBy(body, "### "))
        {
            if (name.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase) || name.Equals("WorkflowParameters", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!name.StartsWith('-')) throw new HelpFormatException(file, line, $"parameter heading '### {name}' must start with '-'");
            var p = new ParameterHelp { Name = name[1..], Line = line };
            bool fence = false, yaml = false;
            var prose = new List<(string, int)>();
            foreach (var l in block)
            {
                string t = l.Text;
                if (t.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    if (!fence) { yaml = t.Trim().Equals("```yaml", StringComparison.OrdinalIgnoreCase); fence = true; }
                    else { fence = false; yaml = false; }
                    continue;
                }
                if (fence && yaml) ApplyYaml(p, t, file, l.Line);
                else if (!fence) prose.Add(l);
            }
            p.Description.AddRange(Paragraphs(prose));
            if (p.Type.Length == 0) throw new HelpFormatException(file, line, $"parameter -{p.Name} has no ```yaml block with Type");
            if (p.Description.Count == 0) throw new HelpFormatException(file, line, $"parameter -{p.Name} has no description");
            help.Parameters.Add(p);
        }
    }

    private static void ApplyYaml(ParameterHelp p, string text, string file, int line)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        var m = YamlLine.Match(text.Trim());
        if (!m.Success) throw new HelpFormatException(file, line, $"unreadable yaml line '{text.Trim()}'");
        string value = m.Groups["value"].Value.Trim();
        static List<string> List(string v) => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        switch (m.Groups["key"].Value.Trim())
        {
            case "Type": p.Type = value; break;
            case "Parameter Sets": p.ParameterSets.AddRange(List(value)); break;
            case "Aliases": p.Aliases.AddRange(List(value)); break;
            case "Accepted values": p.AcceptedValues.AddRange(List(value)); break;
            case "Required": p.Required = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
            case "Position": p.Position = value; break;
            case "Default value": p.DefaultValue = value; break;
            case "Accept pipeline input": p.PipelineInput = value; break;
            case "Accept wildcard characters": p.Globbing = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
            default: throw new HelpFormatException(file, line, $"unknown yaml key '{m.Groups["key"].Value}'");
        }
    }

    private static IEnumerable<TypeHelp> ReadTypes(List<(string Text, int Line)> body)
    {
        foreach (var (name, _, block) in SplitBy(body, "### ")) yield return new TypeHelp(name, Paragraphs(block));
    }

    private static readonly Regex Link = new(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)", RegexOptions.Compiled);

    private static void ReadLinks(CommandHelp help, List<(string Text, int Line)> body)
    {
        foreach (var (text, _) in body)
        {
            var m = Link.Match(text);
            if (m.Success) help.Links.Add(new LinkHelp(m.Groups["text"].Value, m.Groups["uri"].Value));
        }
    }
}

internal sealed class HelpFormatException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}
