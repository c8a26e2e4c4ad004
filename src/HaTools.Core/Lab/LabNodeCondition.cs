namespace HaTools.Core.Lab;

/// <summary>What the lab knows of a node's VRRP router right now, for the VIP invariants.</summary>
public enum LabNodeCondition
{
    /// <summary>No router was ever started on the node.</summary>
    NoRouter,

    /// <summary>Its router runs and its link is up: it could hold the VIP.</summary>
    Healthy,

    /// <summary>Its router runs but the lab took its link down.</summary>
    LinkDown,

    /// <summary>Its router exited on its own or was stopped: a VIP still on it is left behind.</summary>
    Stopped,

    /// <summary>Its router was SIGKILLed: the lab plays a dead host, whose leftover VIP does not count.</summary>
    Crashed,
}
