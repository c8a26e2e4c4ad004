using System.Management.Automation;
using System.Xml.Linq;

namespace HaTools.PowerShell.Tests;

/// <summary>
/// Every cmdlet follows the project's rules: approved verb, [OutputType], ShouldProcess on verbs that
/// change the system, a default format view for what it outputs, and complete help built from docs/.
/// Failures are collected so one run names every offender.
/// </summary>
public class CmdletConventionTests
{
    private static readonly string[] ChangingVerbs =
    {
        "Add", "Clear", "New", "Remove", "Set", "Start", "Stop", "Suspend", "Resume", "Sync", "Reset", "Restore", "Enable", "Disable", "Register", "Unregister", "Update", "Install", "Uninstall", "Rename", "Move",
    };

    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    private static List<CmdletInfo> Cmdlets(PowerShellSession s)
    {
        var r = s.Invoke("Get-Command -Module HaTools -CommandType Cmdlet");
        r.ThrowIfErrors();
        var list = r.Objects<CmdletInfo>().ToList();
        Assert.NotEmpty(list);
        return list;
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb_and_declares_its_output_type()
    {
        using var s = new PowerShellSession();
        var approved = typeof(VerbsCommon).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields().Select(f => (string)f.GetValue(null)!))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var c in Cmdlets(s))
        {
            if (!approved.Contains(c.Verb)) problems.Add($"{c.Name}: '{c.Verb}' is not an approved verb");
            if (c.OutputType.Count == 0) problems.Add($"{c.Name}: no [OutputType]");
            if (ChangingVerbs.Contains(c.Verb) && !c.Parameters.ContainsKey("WhatIf"))
                problems.Add($"{c.Name}: changes the system but does not SupportsShouldProcess");
            if (!c.ImplementingType.IsSealed) problems.Add($"{c.Name}: cmdlet class is not sealed");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_output_type_has_a_default_view_in_a_format_file()
    {
        using var s = new PowerShellSession();
        var viewed = ModuleTests.RepositoryFiles("*.Format.ps1xml")
            .SelectMany(f => XDocument.Load(f).Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value.Trim()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var c in Cmdlets(s))
        foreach (var t in c.OutputType)
        {
            // Framework types (strings, FileInfo) have PowerShell's own views.
            if (t.Type != null && t.Type.Namespace is { } ns && (ns.StartsWith("System", StringComparison.Ordinal) || ns.StartsWith("Microsoft", StringComparison.Ordinal)))
                continue;
            if (!HasView(t.Type, t.Name, viewed)) problems.Add($"{c.Name}: output type {t.Name} has no view in module/formats/*.Format.ps1xml");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Views match along the type hierarchy: a Job2 subclass is shown by PowerShell's own Job view.</summary>
    private static bool HasView(Type? type, string name, HashSet<string> viewed)
    {
        if (viewed.Contains(name)) return true;
        for (var b = type?.BaseType; b != null && b != typeof(object) && b != typeof(ValueType); b = b.BaseType)
        {
            if (viewed.Contains(b.FullName!)) return true;
            if (b.Namespace is { } ns && (ns.StartsWith("System", StringComparison.Ordinal) || ns.StartsWith("Microsoft", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    [Fact]
    public void Every_cmdlet_has_a_docs_page_and_every_docs_page_a_cmdlet()
    {
        using var s = new PowerShellSession();
        var names = Cmdlets(s).Select(c => c.Name).ToHashSet();
        var pages = Directory.GetFiles(Path.Combine(PowerShellSession.RepoRoot, "docs"), "*-*.md")
            .Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Empty(names.Except(pages!));
        Assert.Empty(pages.Except(names)!);
    }

    [Fact]
    public void Get_Help_shows_synopsis_description_examples_and_every_parameter()
    {
        using var s = new PowerShellSession();
        var problems = new List<string>();
        foreach (var c in Cmdlets(s))
        {
            var r = s.Invoke("Get-Help $args[0] -Full", c.Name);
            r.ThrowIfErrors();
            dynamic help = Assert.Single(r.Output);
            string synopsis = ((object)help.Synopsis)?.ToString()?.Trim() ?? "";
            // Without MAML, PowerShell makes up a synopsis from the syntax: that counts as missing.
            if (synopsis.Length == 0 || synopsis.StartsWith(c.Name, StringComparison.Ordinal))
                problems.Add($"{c.Name}: no synopsis from docs/{c.Name}.md");
            var examples = s.Invoke("@((Get-Help $args[0] -Examples).examples.example).Count", c.Name);
            if ((int)examples.Output[0].BaseObject < 2) problems.Add($"{c.Name}: fewer than two examples");
            foreach (var p in c.Parameters.Keys.Except(CommonParameters))
            {
                var pr = s.Invoke("$p = Get-Help $args[0] -Parameter $args[1] -ErrorAction SilentlyContinue; if ($p) { ($p.description | ForEach-Object { $_.Text }) -join ' ' }", c.Name, p);
                string text = pr.Output.Count > 0 ? pr.Output[0]?.ToString() ?? "" : "";
                if (string.IsNullOrWhiteSpace(text)) problems.Add($"{c.Name}: parameter -{p} has no description");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void About_HaTools_topic_is_available()
    {
        using var s = new PowerShellSession();
        var r = s.Invoke("(Get-Help about_HaTools) -join [Environment]::NewLine");
        r.ThrowIfErrors();
        string text = string.Concat(r.Output.Select(o => o.ToString()));
        Assert.Contains("Import-KeepalivedConfig", text);
        Assert.Contains("Start-VrrpInstance", text);
    }
}
