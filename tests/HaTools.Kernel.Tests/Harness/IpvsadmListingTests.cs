namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// The ipvsadm output parser, on text captured from ipvsadm 1.31 in the test VM. Pure: these
/// run everywhere, so a parser bug shows up without booting a VM.
/// </summary>
public sealed class IpvsadmListingTests
{
    private const string Plain = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  10.0.0.1:80 rr
          -> 10.0.1.1:8080                Masq    3      0          0         
          -> 10.0.1.2:80                  Route   1      0          0         
          -> 10.0.1.3:80                  Tunnel  1      0          0         
        SCTP 10.0.0.3:9 fo
          -> 10.0.1.9:9                   Masq    0      0          0         
        UDP  [2001:db8::1]:53 mh (mh-fallback,mh-port)
        UDP  [2001:db8::2]:123 wrr persistent 60 mask 64
        FWM  5 wlc persistent 300 mask 255.255.255.0
        UDP  10.0.0.4:53 sh (sh-port) persistent 360 ops

        """;

    [Fact]
    public void Plain_listing_gives_services_in_order_with_their_real_servers()
    {
        var l = IpvsadmListing.Parse(Plain);

        Assert.Equal("1.2.1", l.Version);
        Assert.Equal(4096, l.TableSize);
        Assert.Equal(["TCP 10.0.0.1:80", "SCTP 10.0.0.3:9", "UDP [2001:db8::1]:53", "UDP [2001:db8::2]:123", "FWM 5", "UDP 10.0.0.4:53"],
            l.Services.Select(s => s.Key));
        var tcp = l.Services[0];
        Assert.Equal("rr", tcp.Scheduler);
        Assert.Equal(["Masq", "Route", "Tunnel"], tcp.RealServers.Select(r => r.Forward));
        Assert.Equal([3, 1, 1], tcp.RealServers.Select(r => r.Weight));
        Assert.Equal(0, tcp.RealServers[0].ActiveConnections);
        Assert.Empty(l.Services[2].RealServers);
    }

    [Fact]
    public void Scheduler_flags_persistence_mask_and_one_packet_are_read()
    {
        var l = IpvsadmListing.Parse(Plain);

        var mh = l.Find("UDP [2001:db8::1]:53")!;
        Assert.Equal(["mh-fallback", "mh-port"], mh.SchedulerFlags);
        Assert.Null(mh.PersistentTimeout);
        var v6 = l.Find("UDP [2001:db8::2]:123")!;
        Assert.Equal((60, "64"), (v6.PersistentTimeout!.Value, v6.Netmask));
        var fwm = l.Find("FWM 5")!;
        Assert.Equal(("wlc", 300, "255.255.255.0"), (fwm.Scheduler, fwm.PersistentTimeout!.Value, fwm.Netmask));
        var sh = l.Find("UDP 10.0.0.4:53")!;
        Assert.Equal(["sh-port"], sh.SchedulerFlags);
        Assert.True(sh.OnePacket);
        Assert.False(fwm.OnePacket);
    }

    [Fact]
    public void Stats_listing_gives_counters_for_services_and_real_servers()
    {
        const string stats = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
              -> RemoteAddress:Port
            TCP  10.0.0.1:80                         7       42       40     2520    12K
              -> 10.0.1.1:8080                       5       30       28     1800     3M
            FWM  5                                   0        0        0        0        0
            """;

        var l = IpvsadmListing.Parse(stats);

        var tcp = l.Find("TCP 10.0.0.1:80")!;
        Assert.Equal(7, tcp.Counter("Conns"));
        Assert.Equal(12_000, tcp.Counter("OutBytes"));
        Assert.Equal(3_000_000, tcp.RealServers[0].Counter("OutBytes"));
        Assert.Equal(30, tcp.RealServers[0].Counter("InPkts"));
        Assert.Equal(0, l.Find("FWM 5")!.Counter("Conns"));
    }

    [Fact]
    public void Thresholds_listing_keeps_scheduler_and_reads_threshold_columns()
    {
        const string thresholds = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn 
              -> RemoteAddress:Port
            TCP  10.0.0.1:80 rr
              -> 10.0.1.3:80                  100        10         0          0         
            """;

        var svc = Assert.Single(IpvsadmListing.Parse(thresholds).Services);

        Assert.Equal("rr", svc.Scheduler);
        Assert.Equal((100L, 10L), (svc.RealServers[0].Counter("Uthreshold"), svc.RealServers[0].Counter("Lthreshold")));
    }

    [Fact]
    public void Listing_of_an_empty_table_has_no_services()
    {
        const string empty = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            """;

        Assert.Empty(IpvsadmListing.Parse(empty).Services);
    }

    [Theory]
    [InlineData("Prot LocalAddress:Port Scheduler Flags\n  -> 10.0.1.1:80 Masq 1 0 0\n", "real server before any service")]
    [InlineData("Prot LocalAddress:Port Scheduler Flags\nICMP 10.0.0.1 rr\n", "unrecognised ipvsadm line")]
    [InlineData("Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\nTCP  10.0.0.1:80 rr\n  -> 10.0.1.1:80 Masq 1\n", "expected 4 columns")]
    public void Unexpected_output_is_rejected_with_the_offending_line(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => IpvsadmListing.Parse(text));

        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Timeout_line_parses_into_three_values()
    {
        Assert.Equal(new IpvsadmTimeouts(900, 120, 300), IpvsadmTimeouts.Parse("Timeout (tcp tcpfin udp): 900 120 300\n"));
        Assert.Throws<FormatException>(() => IpvsadmTimeouts.Parse("Timeout (tcp tcpfin udp): 900 120\n"));
    }
}
