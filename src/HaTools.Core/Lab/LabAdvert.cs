using System.Net;

namespace HaTools.Core.Lab;

/// <summary>One VRRP advertisement heard by the client: when (lab clock), from whom, for which router and at what priority.</summary>
public sealed record LabAdvert(TimeSpan Elapsed, IPAddress Source, byte VirtualRouterId, int Priority)
{
    public override string ToString() => $"{Elapsed.TotalSeconds,9:F3}s  advert vrid {VirtualRouterId} from {Source} priority {Priority}";
}
