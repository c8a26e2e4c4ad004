using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml;

namespace HaTools.PowerShell.Tests;

/// <summary>The manifest, the files it names and every PowerShell file in the repository are valid.</summary>
public class ModuleTests
{
    [Fact]
    public void Module_imports_from_the_repository_manifest()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("(Get-Module HaTools).Name");
        r.ThrowIfErrors();
        Assert.Equal("HaTools", Assert.Single(r.Output).ToString());
    }

    [Fact]
    public void Manifest_passes_Test_ModuleManifest_and_names_files_that_exist()
    {
        using var s = new PowerShellSession(importModule: false);
        var r = s.Invoke("Test-ModuleManifest -Path $args[0]", PowerShellSession.ManifestPath);
        r.ThrowIfErrors();
        var info = Assert.IsType<PSModuleInfo>(Assert.Single(r.Output).BaseObject);
        Assert.Equal(Version.Parse(DirectoryBuildVersion()), info.Version);
        Assert.Contains("Core", info.CompatiblePSEditions);
        Assert.Empty(info.ExportedFunctions);
        foreach (string f in info.ExportedFormatFiles.Concat(info.ExportedTypeFiles))
            Assert.True(File.Exists(f), $"manifest names a missing file: {f}");
        Assert.NotEmpty(info.Tags);
    }

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlets_the_assembly_implements()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke(@"
            $m = Get-Module HaTools
            $m.ImplementingAssembly.GetExportedTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count -gt 0 } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; 'impl:' + $a.VerbName + '-' + $a.NounName }
            $m.ExportedCmdlets.Keys | ForEach-Object { 'exported:' + $_ }");
        r.ThrowIfErrors();
        var lines = r.Output.Select(o => o.ToString()).ToList();
        var implemented = lines.Where(l => l.StartsWith("impl:")).Select(l => l[5..]).OrderBy(x => x).ToList();
        var exported = lines.Where(l => l.StartsWith("exported:")).Select(l => l[9..]).OrderBy(x => x).ToList();
        Assert.NotEmpty(implemented);
        Assert.Equal(implemented, exported);
    }

    [Fact]
    public void Every_ps1_psd1_and_psm1_file_parses_without_errors()
    {
        var files = RepositoryFiles("*.ps1").Concat(RepositoryFiles("*.psd1")).Concat(RepositoryFiles("*.psm1")).ToList();
        Assert.Contains(files, f => f.EndsWith("build.ps1", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("HaTools.psd1", StringComparison.Ordinal));
        var problems = new List<string>();
        foreach (string file in files)
        {
            System.Management.Automation.Language.Parser.ParseFile(file, out _, out var errors);
            problems.AddRange(errors.Select(e => $"{file}:{e.Extent.StartLineNumber}: {e.Message}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_ps1xml_file_is_well_formed_xml()
    {
        var files = RepositoryFiles("*.ps1xml").ToList();
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var doc = new XmlDocument();
            doc.Load(file); // throws with line information on malformed XML
            Assert.True(doc.DocumentElement!.Name is "Configuration" or "Types", $"{file}: root is {doc.DocumentElement.Name}");
        }
    }

    internal static string DirectoryBuildVersion()
    {
        string props = File.ReadAllText(Path.Combine(PowerShellSession.RepoRoot, "Directory.Build.props"));
        return Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
    }

    /// <summary>Tracked-source files of a kind, skipping build output and lab/VM caches.</summary>
    internal static IEnumerable<string> RepositoryFiles(string pattern)
    {
        string root = PowerShellSession.RepoRoot;
        return Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
            .Where(f =>
            {
                string rel = Path.GetRelativePath(root, f).Replace('\\', '/');
                return !rel.Split('/').Any(part => part is "bin" or "obj" or ".vm" or ".git" or "TestResults" or "out");
            });
    }
}
