namespace HaTools.Core.Ipvs;

/// <summary>Virtual service flags (IP_VS_SVC_F_*). The scheduler flags mean fallback/port for sh and mh.</summary>
[Flags]
public enum IpvsServiceFlags : uint
{
    None = 0,
    Persistent = 0x1,
    Hashed = 0x2,
    OnePacket = 0x4,
    SchedulerFlag1 = 0x8,
    SchedulerFlag2 = 0x10,
    SchedulerFlag3 = 0x20,
}
