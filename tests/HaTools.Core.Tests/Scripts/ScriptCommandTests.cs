using HaTools.Core.Scripts;

namespace HaTools.Core.Tests.Scripts;

public class ScriptCommandTests
{
    [Fact]
    public void Keepalived_script_string_splits_into_argv_with_quotes_and_escapes()
    {
        var c = ScriptCommand.Parse("/usr/bin/check \"two words\" 'single $HOME' a\\ b plain");
        Assert.Equal("/usr/bin/check", c.Path);
        Assert.Equal(new[] { "two words", "single $HOME", "a b", "plain" }, c.Arguments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/bin/x \"open")]
    public void Unparseable_script_strings_are_refused_with_a_stable_error(string line)
    {
        var ex = Assert.Throws<HaToolsException>(() => ScriptCommand.Parse(line));
        Assert.Equal("ScriptCommandInvalid", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Generic_notify_gets_scope_name_state_and_priority_after_its_own_arguments()
    {
        var n = NotifyArguments.ForGenericNotify(ScriptCommand.Parse("/etc/k/notify.sh extra"), NotifyScope.Instance, "VI_1", "master", 150);
        Assert.Equal(new[] { "extra", "INSTANCE", "VI_1", "MASTER", "150" }, n.Arguments);
        var g = NotifyArguments.ForGenericNotify(new ScriptCommand("/n"), NotifyScope.Group, "G1", "STOP", 0);
        Assert.Equal(new[] { "GROUP", "G1", "STOP", "0" }, g.Arguments);
    }

    [Fact]
    public void Display_form_quotes_arguments_with_blanks()
    {
        Assert.Equal("/bin/x 'a b' c", new ScriptCommand("/bin/x", new[] { "a b", "c" }).ToString());
    }
}
