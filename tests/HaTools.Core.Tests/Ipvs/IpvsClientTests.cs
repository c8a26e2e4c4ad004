using System.Net;
using HaTools.Core.Ipvs;
using HaTools.Core.Linux;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>The typed IPVS API against the in-memory kernel: round trips and the errno → error mapping.</summary>
public class IpvsClientTests
{
    private static readonly IpvsService Web = new() { Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("10.0.0.1"), Port = 80, Scheduler = "rr" };
    private static readonly IpvsRealServer Rs1 = new() { Address = IPAddress.Parse("10.0.0.11"), Port = 80, Weight = 3 };

    private static (FakeIpvsKernel Kernel, IpvsClient Client) Open()
    {
        var k = new FakeIpvsKernel();
        return (k, IpvsClient.Open(k.Connect()));
    }

    [Fact]
    public void Open_resolves_the_ipvs_family_id_through_nlctrl()
    {
        var (_, c) = Open();
        Assert.Equal(FakeIpvsKernel.FamilyId, c.FamilyId);
    }

    [Fact]
    public void Missing_ipvs_family_is_one_clear_not_installed_error()
    {
        var k = new FakeIpvsKernel { HasIpvsFamily = false };
        var ex = Assert.Throws<HaToolsException>(() => IpvsClient.Open(k.Connect()));
        Assert.Equal("IpvsNotAvailable", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.NotInstalled, ex.Kind);
        Assert.Equal("The kernel has no IPVS: load ip_vs (modprobe ip_vs).", ex.Message);
        Assert.True(k.Socket.Disposed);
    }

    [Fact]
    public void Added_service_and_real_server_read_back_with_counters()
    {
        var (k, c) = Open();
        c.AddService(Web);
        c.AddRealServer(Web, Rs1);

        var svc = Assert.Single(c.GetServices(includeRealServers: true));

        Assert.True(svc.HasSameKey(Web));
        Assert.Equal("rr", svc.Scheduler);
        var rs = Assert.Single(svc.RealServers);
        Assert.Equal(IPAddress.Parse("10.0.0.11"), rs.Address);
        Assert.Equal(3, rs.Weight);
        Assert.Equal(3u, rs.ActiveConnections);
        Assert.Equal(4u, rs.InactiveConnections);
        Assert.True(rs.Service!.HasSameKey(Web));
        Assert.Equal("TCP 10.0.0.1:80 -> 10.0.0.11:80", rs.ToString());
    }

    [Fact]
    public void Duplicate_service_is_resource_exists()
    {
        var (_, c) = Open();
        c.AddService(Web);
        var ex = Assert.Throws<HaToolsException>(() => c.AddService(Web));
        Assert.Equal("IpvsServiceExists", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ResourceExists, ex.Kind);
        Assert.Equal("Service TCP 10.0.0.1:80 already exists.", ex.Message);
        Assert.Same(Web, ex.Target);
    }

    [Fact]
    public void Removing_a_missing_service_is_object_not_found()
    {
        var (_, c) = Open();
        var ex = Assert.Throws<HaToolsException>(() => c.RemoveService(Web));
        Assert.Equal("IpvsServiceNotFound", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.ObjectNotFound, ex.Kind);
    }

    [Fact]
    public void Removing_a_missing_real_server_is_object_not_found()
    {
        var (_, c) = Open();
        c.AddService(Web);
        var ex = Assert.Throws<HaToolsException>(() => c.RemoveRealServer(Web, Rs1));
        Assert.Equal("IpvsRealServerNotFound", ex.ErrorId);
        Assert.Equal("No such real server 10.0.0.11:80 in service TCP 10.0.0.1:80.", ex.Message);
    }

    [Fact]
    public void Unknown_scheduler_in_the_kernel_is_scheduler_not_found()
    {
        var (_, c) = Open();
        var ex = Assert.Throws<HaToolsException>(() => c.AddService(Web with { Scheduler = "twos" }));
        Assert.Equal("IpvsSchedulerNotFound", ex.ErrorId);
        Assert.Contains("ip_vs_twos", ex.Message);
    }

    [Fact]
    public void No_cap_net_admin_is_permission_denied_naming_the_capability()
    {
        var (k, c) = Open();
        k.RefuseWith = Errno.EPERM;
        var ex = Assert.Throws<HaToolsException>(() => c.GetServices());
        Assert.Equal("IpvsPermissionDenied", ex.ErrorId);
        Assert.Equal(HaToolsErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("CAP_NET_ADMIN", ex.Message);
        var add = Assert.Throws<HaToolsException>(() => c.AddService(Web));
        Assert.Equal("IpvsPermissionDenied", add.ErrorId);
    }

    [Fact]
    public void Mixed_family_real_server_gets_the_kernels_refusal()
    {
        var (_, c) = Open();
        c.AddService(Web);
        var v6 = new IpvsRealServer { Address = IPAddress.Parse("2001:db8::5"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Masquerade };
        var ex = Assert.Throws<HaToolsException>(() => c.AddRealServer(Web, v6));
        Assert.Equal("IpvsInvalidArgument", ex.ErrorId);
        Assert.Contains("EINVAL", ex.Message);
    }

    [Fact]
    public void Get_service_returns_null_for_a_missing_one()
    {
        var (_, c) = Open();
        Assert.Null(c.GetService(Web));
        c.AddService(Web);
        Assert.Equal("rr", c.GetService(Web)!.Scheduler);
    }

    [Fact]
    public void Update_changes_settings_and_drain_sets_weight_zero()
    {
        var (k, c) = Open();
        c.AddService(Web);
        c.AddRealServer(Web, Rs1);
        c.UpdateService(Web with { Scheduler = "wlc" });
        c.UpdateRealServer(Web, Rs1 with { Weight = 0 });
        var svc = Assert.Single(c.GetServices(includeRealServers: true));
        Assert.Equal("wlc", svc.Scheduler);
        Assert.Equal(0, Assert.Single(svc.RealServers).Weight);
    }

    [Fact]
    public void Bulk_apply_is_pipelined_and_reports_each_failure()
    {
        var (k, c) = Open();
        var changes = new List<IpvsChange>();
        for (var i = 0; i < 100; i++)
            changes.Add(new IpvsChange(IpvsChangeKind.AddService, Web with { Port = (ushort)(1000 + i) }));
        changes.Add(new IpvsChange(IpvsChangeKind.AddService, Web with { Port = 1000 }));
        var before = k.Socket.SentDatagrams.Count;

        var results = c.Apply(changes);

        Assert.Equal(1, k.Socket.SentDatagrams.Count - before);
        Assert.Equal(100, k.Table.Count);
        Assert.Equal(100, results.Count(r => r.Succeeded));
        Assert.Equal("IpvsServiceExists", results[^1].Error!.ErrorId);
    }

    [Fact]
    public void Info_and_timeouts_round_trip()
    {
        var (k, c) = Open();
        Assert.Equal(new Version(1, 2, 1), c.GetInfo().Version);
        Assert.Equal(4096u, c.GetInfo().ConnectionTableSize);
        c.SetTimeouts(new IpvsTimeouts(1000, 0, 60));
        Assert.Equal(new IpvsTimeouts(1000, 120, 60), c.GetTimeouts());
    }

    [Fact]
    public void Flush_empties_the_table()
    {
        var (k, c) = Open();
        c.AddService(Web);
        c.Flush();
        Assert.Empty(c.GetServices());
    }
}
