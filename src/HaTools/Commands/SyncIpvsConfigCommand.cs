using System.Management.Automation;
using HaTools.Core;
using HaTools.Core.Config;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>
/// Makes the IPVS table equal to a desired state (service objects, keepalived virtual_server blocks or an
/// ipvsadm-save file): computes the difference, confirms each change (-WhatIf lists them as ipvsadm
/// commands) and applies the approved ones pipelined. Services not in the desired state are removed.
/// </summary>
[Cmdlet(VerbsData.Sync, "IpvsConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(IpvsChange))]
public sealed class SyncIpvsConfigCommand : IpvsCommandBase
{
    public const string InputObjectSet = "InputObject";
    public const string ConfigSet = "Config";
    public const string PathSet = "Path";

    private readonly List<IpvsService> _desired = new();
    private bool _failed;

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public IpvsService[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ConfigSet, ValueFromPipeline = true)]
    public VirtualServerConfig[] Config { get; set; } = [];

    [Parameter(ParameterSetName = ConfigSet)]
    public VirtualServerGroupConfig[] VirtualServerGroup { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = PathSet, Position = 0)]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                _desired.AddRange(InputObject);
                break;
            case ConfigSet:
                foreach (var vs in Config)
                {
                    try
                    {
                        _desired.AddRange(IpvsConfigMapping.ToServices(vs, VirtualServerGroup));
                    }
                    catch (HaToolsException ex)
                    {
                        _failed = true;
                        WriteError(ex);
                    }
                }
                break;
            case PathSet:
                var full = GetUnresolvedProviderPathFromPSPath(Path);
                if (!File.Exists(full))
                    ThrowTerminatingError(new HaToolsException("IpvsConfigFileNotFound", HaToolsErrorKind.ObjectNotFound, $"No such file {full}.", Path));
                if (!IpvsSaveFormat.TryParse(File.ReadAllText(full), out var services, out var diagnostics))
                {
                    foreach (var d in diagnostics)
                        WriteError(new HaToolsException("IpvsSaveSyntaxError", HaToolsErrorKind.InvalidData, $"{full}:{d.Line}: {d.Message}: {d.Text}", d));
                    _failed = true;
                }
                _desired.AddRange(services);
                break;
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            // A desired state that could not be read completely must not remove what it failed to describe.
            if (_failed)
                ThrowTerminatingError(new HaToolsException("IpvsDesiredStateInvalid", HaToolsErrorKind.InvalidData,
                    "The desired state has errors (see above); nothing was changed.", null));
            var current = Client.GetServices(includeRealServers: true);
            var changes = IpvsTableDiff.Compute(current, _desired);
            WriteVerbose($"{changes.Count} change(s) to reach {_desired.Count} service(s) from {current.Count}.");
            var approved = changes.Where(c => ShouldProcess(c.Description, "Sync IPVS table")).ToList();
            if (approved.Count == 0)
                return;
            foreach (var r in Client.Apply(approved))
            {
                if (r.Succeeded)
                    WriteObject(r.Change);
                else
                    WriteError(r.Error!);
            }
        }
        catch (HaToolsException ex)
        {
            ThrowTerminatingError(ex);
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
