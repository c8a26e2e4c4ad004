namespace HaTools.Core.Checks;

/// <summary>
/// A checker whose next attempt depends on the judgement of the last one (HTTP_GET/SSL_GET step through
/// their urls as keepalived does): it supplies the state machine that judges it and reads it back.
/// </summary>
public interface IStatefulHealthCheck : IHealthCheck
{
    /// <summary>A fresh machine for one owner (a scheduler or a probe); the checker then follows it.</summary>
    CheckerStateMachine CreateStateMachine(CheckerTiming timing);
}
