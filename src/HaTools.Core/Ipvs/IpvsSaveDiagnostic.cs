namespace HaTools.Core.Ipvs;

/// <summary>A line of an ipvsadm-save file that could not be read, and why.</summary>
public sealed record IpvsSaveDiagnostic(int Line, string Message, string Text)
{
    public override string ToString() => $"line {Line}: {Message}: {Text}";
}
