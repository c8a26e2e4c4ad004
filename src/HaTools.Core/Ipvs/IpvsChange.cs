namespace HaTools.Core.Ipvs;

/// <summary>One change to the IPVS table: what a diff produces, what <see cref="IpvsClient.Apply"/> sends.</summary>
public sealed record IpvsChange(IpvsChangeKind Kind, IpvsService Service, IpvsRealServer? RealServer = null)
{
    /// <summary>The change as the ipvsadm command that would make it (the -WhatIf text).</summary>
    public string Description => Kind switch
    {
        IpvsChangeKind.AddService => IpvsSaveFormat.FormatService(Service, "-A"),
        IpvsChangeKind.UpdateService => IpvsSaveFormat.FormatService(Service, "-E"),
        IpvsChangeKind.RemoveService => "-D " + IpvsSaveFormat.FormatServiceKey(Service),
        IpvsChangeKind.AddRealServer => IpvsSaveFormat.FormatRealServer(Service, RealServer!, "-a"),
        IpvsChangeKind.UpdateRealServer => IpvsSaveFormat.FormatRealServer(Service, RealServer!, "-e"),
        IpvsChangeKind.RemoveRealServer => $"-d {IpvsSaveFormat.FormatServiceKey(Service)} -r {RealServer!.Name}",
        _ => Kind.ToString(),
    };

    public override string ToString() => Description;
}
