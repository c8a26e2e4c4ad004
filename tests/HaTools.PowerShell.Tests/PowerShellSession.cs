using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace HaTools.PowerShell.Tests;

/// <summary>
/// One real PowerShell engine (hosted System.Management.Automation) with the built HaTools module
/// imported from the repository root, as a user would: Import-Module &lt;repo&gt;/HaTools.psd1.
/// Every Invoke returns everything the user would see: output, errors, warnings, verbose, information.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(bool importModule = true)
    {
        var iss = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
        if (importModule)
        {
            var r = Invoke("Import-Module $args[0] -ErrorAction Stop -PassThru", ManifestPath);
            r.ThrowIfErrors();
        }
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ManifestPath => Path.Combine(RepoRoot, "HaTools.psd1");

    public static string Asset(string name) => Path.Combine(RepoRoot, "tests", "assets", name);

    public Runspace Runspace => _runspace;

    /// <summary>Runs a script; positional script arguments are bound to $args.</summary>
    public InvocationResult Invoke(string script, params object?[] args)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            terminating = ex;
        }
        return new InvocationResult(
            output,
            ps.Streams.Error.ToList(),
            ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Verbose.Select(w => w.Message).ToList(),
            ps.Streams.Information.ToList(),
            terminating);
    }

    public void Dispose() => _runspace.Dispose();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "HaTools.psd1")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("HaTools.psd1 not found above " + AppContext.BaseDirectory);
    }
}

public sealed record InvocationResult(
    Collection<PSObject> Output,
    List<ErrorRecord> Errors,
    List<string> Warnings,
    List<string> Verbose,
    List<InformationRecord> Information,
    Exception? Terminating)
{
    /// <summary>The error record of a terminating error, or null.</summary>
    public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

    public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();

    public void ThrowIfErrors()
    {
        if (Terminating != null) throw new Xunit.Sdk.XunitException("Terminating error: " + Terminating);
        if (Errors.Count > 0) throw new Xunit.Sdk.XunitException("Errors: " + string.Join("\n", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
    }
}
