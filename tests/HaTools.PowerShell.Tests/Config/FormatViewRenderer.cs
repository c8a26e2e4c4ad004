using System.Xml.Linq;

namespace HaTools.PowerShell.Tests.Config;

/// <summary>
/// Evaluates the cells of a default view from module/formats/Config.Format.ps1xml for one object, in the
/// hosted engine (which has no Out-String/Format-Table): what the user would see in each column.
/// </summary>
internal static class FormatViewRenderer
{
    public static List<string> Render(PowerShellSession s, string variable, string typeName)
    {
        var doc = XDocument.Load(Path.Combine(PowerShellSession.RepoRoot, "module", "formats", "Config.Format.ps1xml"));
        var views = doc.Descendants("View").Where(v => v.Element("ViewSelectedBy")?.Element("TypeName")?.Value == typeName).ToList();
        Assert.NotEmpty(views);
        var cells = new List<string>();
        foreach (var item in views.SelectMany(v => v.Descendants().Where(e => e.Name == "TableColumnItem" || e.Name == "ListItem")))
        {
            var prop = item.Element("PropertyName")?.Value;
            var script = prop != null ? "$_." + prop : item.Element("ScriptBlock")!.Value;
            var r = s.Invoke($"{variable} | ForEach-Object {{ {script} }}");
            r.ThrowIfErrors();
            cells.Add(string.Join(" ", r.Output.Select(o => o?.ToString())));
        }
        return cells;
    }
}
