namespace HaTools.Core.Ipvs;

/// <summary>The outcome of one change of a pipelined batch; Error is null on success.</summary>
public sealed record IpvsChangeResult(IpvsChange Change, HaToolsException? Error)
{
    public bool Succeeded => Error == null;
}
