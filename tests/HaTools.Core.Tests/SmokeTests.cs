namespace HaTools.Core.Tests;
public class SmokeTests { [Fact] public void Core_assembly_loads() => Assert.NotNull(typeof(HaTools.Core.Linux.Errno)); }
