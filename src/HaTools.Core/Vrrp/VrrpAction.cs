namespace HaTools.Core.Vrrp;

/// <summary>One output of the state machine. A value type so that steady-state events add no garbage.</summary>
public readonly record struct VrrpAction(
    VrrpActionKind Kind,
    int Priority = 0,
    int Count = 0,
    VrrpState From = VrrpState.Initialize,
    VrrpState To = VrrpState.Initialize,
    string? Message = null,
    VrrpLogLevel Level = VrrpLogLevel.Info)
{
    public static VrrpAction Send(int priority) => new(VrrpActionKind.SendAdvertisement, Priority: priority);

    public static VrrpAction Log(string message, VrrpLogLevel level = VrrpLogLevel.Info) => new(VrrpActionKind.Log, Message: message, Level: level);

    public override string ToString() => Kind switch
    {
        VrrpActionKind.SendAdvertisement => $"Send advert priority {Priority}",
        VrrpActionKind.Announce => $"Announce x{Count}",
        VrrpActionKind.Notify => $"Notify {To}",
        VrrpActionKind.Log => $"Log {Message}",
        VrrpActionKind.StateChanged => $"{From} -> {To} ({Message})",
        _ => Kind.ToString(),
    };
}
