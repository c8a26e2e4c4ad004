using System.Management.Automation;

namespace HaTools.Commands;

/// <summary>
/// Lets a switch bind from text, as an Import-Csv column gives it ("true", "false", "yes", "no", "1", "0", ""):
/// PowerShell refuses strings for switches, and [bool]'false' would be true.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class VrrpSwitchTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject p ? p.BaseObject : inputData;
        if (value is not string text) return inputData;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "1" or "on" => new SwitchParameter(true),
            "false" or "no" or "0" or "off" or "" => new SwitchParameter(false),
            _ => throw new ArgumentTransformationMetadataException($"'{text}' is not a switch value; use true/false, yes/no or 1/0."),
        };
    }
}
