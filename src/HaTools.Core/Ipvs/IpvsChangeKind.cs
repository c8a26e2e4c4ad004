namespace HaTools.Core.Ipvs;

public enum IpvsChangeKind
{
    AddService,
    UpdateService,
    RemoveService,
    AddRealServer,
    UpdateRealServer,
    RemoveRealServer,
}
