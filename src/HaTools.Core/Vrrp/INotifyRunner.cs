namespace HaTools.Core.Vrrp;

/// <summary>Starts notify scripts (Scripts/ at the edge). Must return at once: the loop never waits for a script.</summary>
public interface INotifyRunner
{
    void Run(VrrpNotification notification);
}
