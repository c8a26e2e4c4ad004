using System.Net;
using HaTools.Core.Vrrp;
using HaTools.Core.Vrrp.Hosting;

namespace HaTools.Core.Tests.Vrrp.Hosting;

public class VrrpParameterSyntaxTests
{
    [Fact]
    public void Virtual_address_line_takes_keepalived_dev_label_and_scope()
    {
        var v = VrrpParameterSyntax.ParseVirtualAddress("192.0.2.10/24 dev eth1 label eth1:vip scope global");
        Assert.Equal(new VrrpVirtualAddress(IPAddress.Parse("192.0.2.10"), 24, "eth1", "eth1:vip", "global"), v);
        Assert.Equal(128, VrrpParameterSyntax.ParseVirtualAddress("fd00::1").PrefixLength);
    }

    [Theory]
    [InlineData("10.0.0.300/24")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/24 dev")]
    [InlineData("10.0.0.1/24 colour blue")]
    [InlineData("")]
    public void Malformed_virtual_address_lines_name_themselves(string line)
    {
        var ex = Assert.Throws<HaToolsException>(() => VrrpParameterSyntax.ParseVirtualAddress(line));
        Assert.Equal("VirtualIPAddressInvalid", ex.ErrorId);
        Assert.Equal(line, ex.Target);
    }

    [Fact]
    public void Track_interface_line_takes_optional_weight_and_reverse()
    {
        Assert.Equal(new VrrpTrack(VrrpTrackKind.Interface, "eth1"), VrrpParameterSyntax.ParseTrackInterface("eth1"));
        Assert.Equal(new VrrpTrack(VrrpTrackKind.Interface, "eth1", -20, true), VrrpParameterSyntax.ParseTrackInterface("eth1 weight -20 reverse"));
        Assert.Equal("TrackInterfaceInvalid", Assert.Throws<HaToolsException>(() => VrrpParameterSyntax.ParseTrackInterface("eth1 weight 300")).ErrorId);
    }
}

public class FileTrackerTests
{
    [Theory]
    [InlineData("42\n", 42)]
    [InlineData("  -7 trailing words", -7)]
    [InlineData("not a number", 0)]
    [InlineData("", 0)]
    public void Track_file_value_is_its_first_integer_or_zero(string content, long expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);
            Assert.Equal(expected, FileTracker.ReadValue(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_track_file_counts_as_zero() => Assert.Equal(0, FileTracker.ReadValue("/nonexistent/htvj-track"));

    [Fact]
    public async Task Changes_to_the_file_are_reported_with_their_value()
    {
        var path = Path.Combine(Path.GetTempPath(), "htvj-track-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "1");
        var sink = new Sink();
        using (var t = new FileTracker(new[] { new TrackFileDefinition("f", path) }, TimeSpan.FromMilliseconds(100)))
        {
            t.Start(sink);
            File.WriteAllText(path, "5");
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!sink.Reports.Any(r => r.Value == 5) && DateTime.UtcNow < deadline) await Task.Delay(20);
        }
        File.Delete(path);
        Assert.Equal(new VrrpTrackerReport(VrrpTrackKind.File, "f", true, 1), sink.Reports.First());
        Assert.Contains(new VrrpTrackerReport(VrrpTrackKind.File, "f", true, 5), sink.Reports);
    }

    private sealed class Sink : IVrrpTrackerSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<VrrpTrackerReport> Reports { get; } = new();

        public void Report(VrrpTrackerReport report) => Reports.Enqueue(report);
    }
}
