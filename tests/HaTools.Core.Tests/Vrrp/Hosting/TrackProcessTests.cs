using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Tests.Vrrp.Hosting;

/// <summary>
/// vrrp_track_process on a fake process table: keepalived.conf(5) "VRRP track processes" and keepalived 2.2's
/// track_process.c rules (exact name match unlike pgrep, param_match, quorum..quorum_max, fork/terminate delays).
/// </summary>
public sealed class TrackProcessTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);

    [Fact]
    public void Name_matches_the_comm_exactly_not_as_a_pattern()
    {
        var d = new TrackProcessDefinition("ssh", "ssh");
        Assert.True(d.Matches(P(1, "ssh")));
        Assert.False(d.Matches(P(2, "sshd"))); // pgrep ssh would match sshd; keepalived does not
        Assert.False(d.Matches(P(3, "SSH")));
    }

    [Fact]
    public void Full_command_compares_argv0_and_ignores_arguments_without_param_match()
    {
        var d = new TrackProcessDefinition("nginx", "/usr/sbin/nginx") { FullCommand = true };
        Assert.True(d.Matches(P(1, "nginx", "/usr/sbin/nginx", "-g", "daemon off;")));
        Assert.False(d.Matches(P(2, "nginx", "nginx")));
        Assert.False(d.Matches(new ProcessSnapshot(3, "/usr/sbin/nginx", ["nginx"]))); // the comm does not count here
    }

    [Theory]
    [InlineData(VrrpProcessParameterMatch.Exact, new[] { "-c", "a.conf" }, true)]
    [InlineData(VrrpProcessParameterMatch.Exact, new[] { "-c", "a.conf", "-x" }, false)]
    [InlineData(VrrpProcessParameterMatch.Exact, new[] { "-c", "a.con" }, false)]
    [InlineData(VrrpProcessParameterMatch.Partial, new[] { "-c", "a.conf", "-x" }, true)]
    [InlineData(VrrpProcessParameterMatch.Partial, new[] { "-c", "a.confx" }, false)]
    [InlineData(VrrpProcessParameterMatch.Initial, new[] { "-c", "a.confx", "-x" }, true)]
    [InlineData(VrrpProcessParameterMatch.Initial, new[] { "-c", "a.con" }, false)]
    [InlineData(VrrpProcessParameterMatch.Initial, new[] { "-x", "a.conf" }, false)]
    public void Parameters_match_as_param_match_says(VrrpProcessParameterMatch match, string[] args, bool expected)
    {
        var d = new TrackProcessDefinition("haproxy", "haproxy") { Parameters = ["-c", "a.conf"], ParameterMatch = match };
        Assert.Equal(expected, d.Matches(P(1, "haproxy", ["haproxy", .. args])));
    }

    [Fact]
    public void Param_match_without_parameters_means_no_arguments_at_all()
    {
        var d = new TrackProcessDefinition("sleep", "sleep") { ParameterMatch = VrrpProcessParameterMatch.Exact };
        Assert.True(d.UsesCommandLine);
        Assert.True(d.Matches(P(1, "sleep", "sleep")));
        Assert.False(d.Matches(P(2, "sleep", "sleep", "5")));
    }

    [Fact]
    public void Parameters_imply_an_exact_full_command_match()
    {
        var d = new TrackProcessDefinition("sleep", "sleep") { Parameters = ["99"] };
        Assert.Equal(VrrpProcessParameterMatch.Exact, d.EffectiveParameterMatch);
        Assert.True(d.Matches(P(1, "sleep", "sleep", "99")));
        Assert.False(d.Matches(P(2, "sleep", "sleep", "990")));
    }

    [Fact]
    public void A_comm_name_longer_than_15_bytes_is_refused_since_it_could_never_match()
    {
        Assert.Contains(new TrackProcessDefinition("x", "a-very-long-daemon").GetProblems(), p => p.Contains("15 bytes", StringComparison.Ordinal));
        Assert.Empty(new TrackProcessDefinition("x", "a-very-long-daemon") { FullCommand = true }.GetProblems());
    }

    [Fact]
    public void Quorum_is_a_range_and_quorum_max_zero_means_none_may_run()
    {
        var d = new TrackProcessDefinition("w", "worker") { Quorum = 2, QuorumMax = 3 };
        Assert.Equal([false, false, true, true, false], Enumerable.Range(0, 5).Select(d.HasQuorum));
        var none = new TrackProcessDefinition("n", "nothing") { QuorumMax = 0 };
        Assert.True(none.HasQuorum(0));
        Assert.False(none.HasQuorum(1));
    }

    [Fact]
    public void Start_scan_sets_the_state_then_exec_and_exit_move_it_at_once()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("nginx", "nginx"));
        q.Initialize([P(1, "init"), P(10, "nginx")]);
        Assert.True(q.HasQuorum);
        Assert.Equal(1, q.Count);

        Assert.False(q.Exit(10, T0));
        Assert.Equal(0, q.Count);
        Assert.Null(q.Exit(99, T0)); // not ours
        Assert.True(q.Exec(11, P(11, "nginx"), T0));
        Assert.Null(q.Exec(12, P(12, "bash"), T0));
    }

    [Fact]
    public void Exec_into_another_program_uncounts_the_process_at_once()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("s", "sleep") { TerminateDelay = TimeSpan.FromSeconds(5) });
        q.Initialize([P(10, "sleep")]);

        Assert.False(q.Exec(10, P(10, "true"), T0)); // no terminate delay for a process that stops matching
    }

    [Fact]
    public void Terminate_delay_hides_a_restart_within_it()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("h", "haproxy") { TerminateDelay = TimeSpan.FromSeconds(2) });
        q.Initialize([P(10, "haproxy")]);

        Assert.Null(q.Exit(10, T0));
        Assert.True(q.HasQuorum);
        Assert.Equal(T0 + TimeSpan.FromSeconds(2), q.Deadline);
        Assert.Null(q.Exec(11, P(11, "haproxy"), T0 + TimeSpan.FromSeconds(1)));
        Assert.Null(q.Deadline);
        Assert.Null(q.TimerFired(T0 + TimeSpan.FromSeconds(3)));
        Assert.True(q.HasQuorum);
    }

    [Fact]
    public void Terminate_delay_reports_the_loss_when_it_runs_out()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("h", "haproxy") { TerminateDelay = TimeSpan.FromSeconds(2) });
        q.Initialize([P(10, "haproxy")]);
        q.Exit(10, T0);

        Assert.Null(q.TimerFired(T0 + TimeSpan.FromSeconds(1.9)));
        Assert.False(q.TimerFired(T0 + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_fork_of_a_counted_process_counts_the_child_after_fork_delay()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("w", "worker") { Quorum = 2, ForkDelay = TimeSpan.FromSeconds(1) });
        q.Initialize([P(10, "worker")]);
        Assert.False(q.HasQuorum);

        Assert.Null(q.Fork(1, 2, T0)); // parent not counted: the child is not ours
        Assert.Null(q.Fork(10, 11, T0));
        Assert.Equal(2, q.Count);
        Assert.False(q.HasQuorum);
        Assert.True(q.TimerFired(T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_child_dying_inside_fork_delay_never_shows_as_quorum()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("w", "worker") { Quorum = 2, ForkDelay = TimeSpan.FromSeconds(1) });
        q.Initialize([P(10, "worker")]);
        q.Fork(10, 11, T0);

        Assert.Null(q.Exit(11, T0 + TimeSpan.FromSeconds(0.5)));
        Assert.Null(q.Deadline);
        Assert.False(q.HasQuorum);
    }

    [Fact]
    public void Going_above_quorum_max_loses_quorum_and_coming_back_regains_it()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("one", "singleton") { QuorumMax = 1 });
        q.Initialize([P(10, "singleton")]);
        Assert.True(q.HasQuorum);

        Assert.False(q.Exec(11, P(11, "singleton"), T0));
        Assert.True(q.Exit(11, T0));
    }

    [Fact]
    public void Polling_fallback_applies_terminate_delay_to_losses_and_takes_gains_at_once()
    {
        var q = new ProcessQuorum(new TrackProcessDefinition("h", "haproxy") { TerminateDelay = TimeSpan.FromSeconds(2) });
        q.Initialize([P(10, "haproxy")]);

        Assert.Null(q.Rescan([P(1, "init")], T0));
        Assert.Null(q.Rescan([P(1, "init")], T0 + TimeSpan.FromSeconds(1)));
        Assert.False(q.Rescan([P(1, "init")], T0 + TimeSpan.FromSeconds(2)));
        Assert.True(q.Rescan([P(12, "haproxy")], T0 + TimeSpan.FromSeconds(3)));
    }

    private static ProcessSnapshot P(int pid, string comm, params string[] argv) => new(pid, comm, argv.Length == 0 ? [comm] : argv);
}
