namespace HaTools.Core.Checks;

/// <summary>What a checker reports to whoever owns it (a running virtual server, a cmdlet).</summary>
public enum CheckEventKind
{
    /// <summary>One attempt finished (success, failure or retry).</summary>
    Attempt,

    /// <summary>The checker changed state (up/down) — keepalived's log line.</summary>
    StateChanged,

    /// <summary>misc_dynamic or FILE_CHECK changed the weight.</summary>
    WeightChanged,
}

/// <summary>One event from a scheduled checker, with the time it happened and why.</summary>
public sealed record CheckEvent(DateTimeOffset Time, CheckEventKind Kind, ScheduledCheck Check, CheckerState State, bool Success, bool IsRetry, string Reason, int? Weight)
{
    public override string ToString() => Kind switch
    {
        CheckEventKind.StateChanged => $"{Check.Target}: {(State == CheckerState.Up ? "UP" : "DOWN")} - {Reason}",
        CheckEventKind.WeightChanged => $"{Check.Target}: weight {Weight} - {Reason}",
        _ => $"{Check.Target}: {(Success ? "ok" : IsRetry ? "failed, will retry" : "failed")} - {Reason}",
    };
}
