using HaTools.Core.Checks;

namespace HaTools.Core.Tests.Checks;

/// <summary>A checker whose answer the test sets; completes synchronously so a virtual clock drives everything.</summary>
public sealed class ScriptedCheck : IHealthCheck
{
    public ScriptedCheck(string target = "TCP_CHECK 10.0.0.11:80") => Target = target;

    public string Kind => "TCP_CHECK";

    public string Target { get; }

    public Func<CheckAttempt> Answer { get; set; } = () => CheckAttempt.Ok("connected");

    public int Calls { get; private set; }

    public Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(Answer());
    }
}
