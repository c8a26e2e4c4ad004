using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Options;

namespace HaTools.Core.Tests.Checks;

[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements
{
}

/// <summary>Measures process-wide allocations, so it runs alone.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class MiscCheckAllocationTests
{
    [Fact]
    public async Task Misc_check_that_prints_megabytes_neither_blocks_nor_keeps_them()
    {
        var before = GC.GetTotalAllocatedBytes(true);
        var r = await new MiscHealthCheck(new MiscCheckOptions { Path = "/bin/sh -c 'head -c 30000000 /dev/zero; exit 0'" }, TimeSpan.FromSeconds(20)).RunAsync(default);
        Assert.True(r.Success, r.Reason);
        Assert.True(GC.GetTotalAllocatedBytes(true) - before < 5_000_000, "output was buffered");
    }

}
