using System.Net;
using System.Net.Sockets;
using HaTools.Core;
using HaTools.Core.Ipvs;
using HaTools.Kernel.Tests.Harness;
using IpvsTimeouts = HaTools.Core.Ipvs.IpvsTimeouts;

namespace HaTools.Kernel.Tests.Ipvs;

/// <summary>
/// The core IPVS API against the VM's real kernel. Every state HaTools creates is read back with the
/// real ipvsadm (-Ln, -Sn, --timeout) and with HaTools itself, and the two readings must agree.
/// </summary>
public sealed class IpvsClientKernelTests : IpvsKernelTest
{
    private readonly IpvsClient _c = IpvsClient.Open();

    private static readonly IpvsService Web = new() { Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("10.0.0.1"), Port = 80, Scheduler = "rr" };

    public override void Dispose()
    {
        _c.Dispose();
        base.Dispose();
    }

    private void BuildMixedTable()
    {
        _c.AddService(Web);
        _c.AddRealServer(Web, new IpvsRealServer { Address = IPAddress.Parse("10.0.0.11"), Port = 80, Weight = 3 });
        _c.AddRealServer(Web, new IpvsRealServer { Address = IPAddress.Parse("10.0.0.12"), Port = 8080, ForwardingMethod = IpvsForwardingMethod.Masquerade });
        _c.AddService(new IpvsService
        {
            Protocol = IpvsProtocol.UDP, Address = IPAddress.Parse("10.0.0.1"), Port = 53, Scheduler = "sh",
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.OnePacket | IpvsServiceFlags.SchedulerFlag1 | IpvsServiceFlags.SchedulerFlag2,
            PersistenceTimeout = 600, PersistencePrefixLength = 24,
        });
        var v6 = new IpvsService
        {
            Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("2001:db8::1"), Port = 443, AddressFamily = AddressFamily.InterNetworkV6,
            Scheduler = "wlc", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 300, PersistencePrefixLength = 64,
        };
        _c.AddService(v6);
        _c.AddRealServer(v6, new IpvsRealServer
        {
            Address = IPAddress.Parse("2001:db8::11"), Port = 443, ForwardingMethod = IpvsForwardingMethod.Tunnel,
            TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080, TunnelFlags = IpvsTunnelFlags.Checksum,
        });
        _c.AddService(new IpvsService { FirewallMark = 5, AddressFamily = AddressFamily.InterNetworkV6, Scheduler = "mh", Flags = IpvsServiceFlags.SchedulerFlag2 });
        _c.AddService(new IpvsService { Protocol = IpvsProtocol.SCTP, Address = IPAddress.Parse("10.0.0.2"), Port = 9, Scheduler = "lc" });
    }

    [KernelFact]
    public void Table_written_by_hatools_saves_identically_with_ipvsadm()
    {
        BuildMixedTable();

        var ours = IpvsSaveFormat.Write(_c.GetServices(includeRealServers: true));

        Assert.Equal(Ipvsadm.Save(), ours);
    }

    [KernelFact]
    public void Services_and_real_servers_agree_with_ipvsadm_listing()
    {
        BuildMixedTable();

        var listing = Ipvsadm.List();
        var services = _c.GetServices(includeRealServers: true);

        Assert.Equal(listing.Services.Select(s => s.Key), services.Select(s => s.Name.Replace(" IPv6", "")));
        foreach (var (theirs, ours) in listing.Services.Zip(services))
        {
            // "FWM 5 IPv6 mh (mh-port)": the family word comes before the scheduler for IPv6 marks.
            var words = theirs.SchedulerAndFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w == "IPv6").ToArray();
            Assert.Equal(words[0], ours.Scheduler);
            var flags = words.Length > 1 && words[1].StartsWith('(') ? words[1].Trim('(', ')').Split(',') : [];
            Assert.Equal(flags, IpvsSaveFormat.FormatSchedulerFlags(ours).Split(',', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(theirs.PersistentTimeout, ours.IsPersistent ? (int)ours.PersistenceTimeout : null);
            Assert.Equal(theirs.OnePacket, ours.IsOnePacket);
            Assert.Equal(theirs.RealServers.Select(r => r.Address), ours.RealServers.Select(r => r.Name));
            foreach (var (tr, or) in theirs.RealServers.Zip(ours.RealServers))
            {
                Assert.Equal(tr.Weight, or.Weight);
                Assert.Equal(tr.Forward, or.ForwardingMethod switch
                {
                    IpvsForwardingMethod.Masquerade => "Masq",
                    IpvsForwardingMethod.DirectRouting => "Route",
                    IpvsForwardingMethod.Tunnel => "Tunnel",
                    _ => "Local",
                });
                Assert.Equal(tr.ActiveConnections, or.ActiveConnections);
                Assert.Equal(tr.InactiveConnections, or.InactiveConnections);
            }
        }
        Assert.Equal("255.255.255.0", listing.Find("UDP 10.0.0.1:53")!.Netmask);
        Assert.Equal("64", listing.Find("TCP [2001:db8::1]:443")!.Netmask);
    }

    [KernelFact]
    public void Table_restored_by_ipvsadm_reads_back_in_hatools_unchanged()
    {
        const string rules =
            "-A -t 10.1.0.1:80 -s wrr\n" +
            "-a -t 10.1.0.1:80 -r 10.1.0.11:80 -g -w 5\n" +
            "-a -t 10.1.0.1:80 -r 10.1.0.12:80 -m -w 0\n" +
            "-A -u 10.1.0.1:53 -s rr -p 120\n" +
            "-a -u 10.1.0.1:53 -r 10.1.0.13:53 -i -w 1\n" +
            "-A -f 7 -s dh\n" +
            "-a -f 7 -r 10.1.0.14:0 -g -w 2\n";
        Ipvsadm.Restore(rules);

        Assert.Equal(rules, IpvsSaveFormat.Write(_c.GetServices(includeRealServers: true)));
    }

    [KernelFact]
    public void Info_matches_ipvsadm_header()
    {
        var listing = Ipvsadm.List();
        var info = _c.GetInfo();
        Assert.Equal(listing.Version, info.Version.ToString());
        Assert.Equal(listing.TableSize, (int)info.ConnectionTableSize);
    }

    [KernelFact]
    public void Timeouts_set_by_hatools_are_what_ipvsadm_reports()
    {
        var before = _c.GetTimeouts();
        try
        {
            _c.SetTimeouts(new IpvsTimeouts(1000, 0, 200));
            var t = Ipvsadm.Timeouts();
            Assert.Equal((1000, (int)before.TcpFin, 200), (t.Tcp, t.TcpFin, t.Udp));
            Assert.Equal(new IpvsTimeouts(1000, before.TcpFin, 200), _c.GetTimeouts());
        }
        finally
        {
            _c.SetTimeouts(before);
        }
    }

    [KernelFact]
    public void Counters_of_real_traffic_agree_with_ipvsadm_stats()
    {
        // A local client connecting to a VIP goes through IPVS (LOCAL_OUT); the refused connection still counts.
        var vip = IPAddress.Parse("10.255.0.1");
        Run("ip", "addr", "add", "10.255.0.1/32", "dev", "lo");
        Run("ip", "link", "set", "lo", "up");
        var svc = new IpvsService { Protocol = IpvsProtocol.TCP, Address = vip, Port = 7, Scheduler = "rr" };
        _c.AddService(svc);
        _c.AddRealServer(svc, new IpvsRealServer { Address = IPAddress.Parse("10.255.0.1"), Port = 9, ForwardingMethod = IpvsForwardingMethod.Masquerade });
        for (var i = 0; i < 3; i++)
        {
            using var client = new TcpClient();
            try { client.Connect(vip, 7); } catch (SocketException) { }
        }

        // The kernel folds per-CPU counters into what it reports every 2 s (the estimator timer): wait
        // until they show, and take a reading where HaTools saw the same before and after ipvsadm did.
        IpvsService ours;
        IpvsadmService theirs;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var first = Assert.Single(_c.GetServices());
            theirs = Assert.Single(IpvsadmListing.Parse(Ipvsadm.Run("-L", "-n", "--stats", "--exact")).Services);
            ours = Assert.Single(_c.GetServices());
            if ((ours.Stats.Connections > 0 && first.Stats == ours.Stats) || DateTime.UtcNow > deadline)
                break;
            Thread.Sleep(500);
        }
        Run("ip", "addr", "del", "10.255.0.1/32", "dev", "lo");
        Assert.True(ours.Stats.Connections >= 1 && ours.Stats.PacketsIn >= 1, $"IPVS scheduled {ours.Stats.Connections} connections, {ours.Stats.PacketsIn} packets");
        Assert.Equal(theirs.Counter("Conns"), (long)ours.Stats.Connections);
        Assert.Equal(theirs.Counter("InPkts"), (long)ours.Stats.PacketsIn);
        Assert.Equal(theirs.Counter("OutPkts"), (long)ours.Stats.PacketsOut);
        Assert.Equal(theirs.Counter("InBytes"), (long)ours.Stats.BytesIn);
        Assert.Equal(theirs.Counter("OutBytes"), (long)ours.Stats.BytesOut);
    }

    [KernelFact]
    public void Duplicate_service_is_already_exists()
    {
        _c.AddService(Web);
        var ex = Assert.Throws<HaToolsException>(() => _c.AddService(Web));
        Assert.Equal("IpvsServiceExists", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ResourceExists, ex.Kind);
    }

    [KernelFact]
    public void Duplicate_real_server_is_already_exists()
    {
        _c.AddService(Web);
        var rs = new IpvsRealServer { Address = IPAddress.Parse("10.0.0.11"), Port = 80 };
        _c.AddRealServer(Web, rs);
        Assert.Equal("IpvsRealServerExists", Assert.Throws<HaToolsException>(() => _c.AddRealServer(Web, rs)).ErrorId);
    }

    [KernelFact]
    public void Missing_service_and_missing_real_server_are_not_found()
    {
        Assert.Equal("IpvsServiceNotFound", Assert.Throws<HaToolsException>(() => _c.RemoveService(Web)).ErrorId);
        Assert.Null(_c.GetService(Web));
        _c.AddService(Web);
        var ex = Assert.Throws<HaToolsException>(() => _c.RemoveRealServer(Web, new IpvsRealServer { Address = IPAddress.Parse("10.9.9.9"), Port = 80 }));
        Assert.Equal("IpvsRealServerNotFound", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ObjectNotFound, ex.Kind);
    }

    [KernelFact]
    public void Unknown_scheduler_is_scheduler_not_found_from_the_kernel()
    {
        var ex = Assert.Throws<HaToolsException>(() => _c.AddService(Web with { Scheduler = "nosuch" }));
        Assert.Equal("IpvsSchedulerNotFound", ex.ErrorId);
        Assert.Empty(Ipvsadm.List().Services);
    }

    [KernelFact]
    public void Ipv6_real_server_in_an_ipv4_nat_service_gets_the_kernels_refusal()
    {
        _c.AddService(Web);
        var ex = Assert.Throws<HaToolsException>(() => _c.AddRealServer(Web,
            new IpvsRealServer { Address = IPAddress.Parse("2001:db8::5"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Masquerade }));
        Assert.Equal("IpvsInvalidArgument", ex.ErrorId);
        Assert.Contains("EINVAL", ex.Message);
        Assert.Empty(Ipvsadm.List().Find("TCP 10.0.0.1:80")!.RealServers);
    }

    [KernelFact]
    public void Pipelined_bulk_apply_creates_everything_in_few_datagrams()
    {
        var desired = Enumerable.Range(0, 200).Select(i => Web with
        {
            Port = (ushort)(1000 + i),
            RealServers = [new IpvsRealServer { Address = IPAddress.Parse("10.0.1.1"), Port = 80 }, new IpvsRealServer { Address = IPAddress.Parse("10.0.1.2"), Port = 80 }],
        }).ToList();
        var sentBefore = _c.Connection.DatagramsSent;

        var results = _c.Apply(IpvsTableDiff.Compute([], desired));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.True(_c.Connection.DatagramsSent - sentBefore <= 4, $"{_c.Connection.DatagramsSent - sentBefore} datagrams for 600 changes");
        var listing = Ipvsadm.List();
        Assert.Equal(200, listing.Services.Count);
        Assert.All(listing.Services, s => Assert.Equal(2, s.RealServers.Count));
        Assert.Empty(IpvsTableDiff.Compute(_c.GetServices(true), desired));
    }

    [KernelFact]
    public void Diff_applied_to_the_kernel_changes_only_what_differs()
    {
        Ipvsadm.Restore("-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.12:80 -g -w 1\n-A -t 10.0.0.1:81 -s rr\n");
        IpvsSaveFormat.TryParse("-A -t 10.0.0.1:80 -s wlc\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 4\n-A -t 10.0.0.1:82 -s rr\n", out var desired, out _);

        var changes = IpvsTableDiff.Compute(_c.GetServices(true), desired);
        var results = _c.Apply(changes);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(5, changes.Count); // -E :80, -A :82, -e .11, -d .12, -D :81
        Assert.Equal("-A -t 10.0.0.1:80 -s wlc\n-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 4\n-A -t 10.0.0.1:82 -s rr\n", Ipvsadm.Save());
    }
}
