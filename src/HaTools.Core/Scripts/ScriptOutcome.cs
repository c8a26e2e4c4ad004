namespace HaTools.Core.Scripts;

/// <summary>How a script run ended; keepalived treats only <see cref="Succeeded"/> as success.</summary>
public enum ScriptOutcome
{
    /// <summary>Exited with status 0.</summary>
    Succeeded,

    /// <summary>Exited with a non-zero status (or was killed by a signal it did not survive).</summary>
    Failed,

    /// <summary>Ran past its timeout and was killed (SIGKILL to the process and its children).</summary>
    TimedOut,

    /// <summary>Could not be started (missing, not executable, unknown user).</summary>
    FailedToStart,

    /// <summary>The caller cancelled the run (shutdown); the process was killed.</summary>
    Cancelled,
}
