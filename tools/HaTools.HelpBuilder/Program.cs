using HaTools.HelpBuilder;

// Usage: HaTools.HelpBuilder <docs-folder> <output-culture-folder> <module-dll-name>
// Every <Verb-Noun>.md becomes part of <out>/<dll>-Help.xml; every about_*.md becomes <out>/about_*.help.txt.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: HaTools.HelpBuilder <docs-folder> <output-folder> <module-dll-name>");
    return 2;
}

string docs = args[0], output = args[1], dll = args[2];
try
{
    var pages = Directory.GetFiles(docs, "*.md")
        .Where(f => Path.GetFileName(f).Contains('-') && !Path.GetFileName(f).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
        .OrderBy(f => f, StringComparer.Ordinal)
        .Select(MarkdownHelpReader.Read)
        .ToList();
    foreach (var page in pages)
    {
        string expected = Path.GetFileNameWithoutExtension(page.SourceFile);
        if (!string.Equals(page.Name, expected, StringComparison.Ordinal))
            throw new HelpFormatException(page.SourceFile, 1, $"title '# {page.Name}' does not match the file name '{expected}'");
    }
    Directory.CreateDirectory(output);
    MamlWriter.Write(pages).Save(Path.Combine(output, dll + "-Help.xml"));
    foreach (string about in Directory.GetFiles(docs, "about_*.md"))
    {
        string name = Path.GetFileNameWithoutExtension(about);
        File.WriteAllText(Path.Combine(output, name + ".help.txt"), AboutTopicWriter.Convert(File.ReadAllLines(about)));
    }
    Console.WriteLine($"HaTools.HelpBuilder: {pages.Count} command page(s) -> {Path.Combine(output, dll + "-Help.xml")}");
    return 0;
}
catch (HelpFormatException ex)
{
    // MSBuild-recognisable error format, so a bad docs page fails the build at file:line.
    Console.Error.WriteLine($"{ex.File}({ex.Line}): error HELP001: {ex.Message}");
    return 1;
}
