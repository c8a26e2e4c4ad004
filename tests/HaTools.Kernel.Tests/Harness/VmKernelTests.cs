namespace HaTools.Kernel.Tests.Harness;

/// <summary>The harness itself: the VM's kernel has IPVS and ipvsadm is a usable referee.</summary>
public sealed class VmKernelTests : IpvsKernelTest
{
    public static TheoryData<string> Schedulers =>
        new() { "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh" };

    [KernelFact]
    public void Kernel_has_ipvs_loaded()
    {
        var first = File.ReadLines("/proc/net/ip_vs").First();
        Assert.StartsWith("IP Virtual Server version ", first);
    }

    [KernelFact]
    public void Proc_table_tells_an_empty_table_from_a_populated_one()
    {
        Assert.True(KernelEnvironment.IpvsTableIsEmpty);

        Ipvsadm.Run("-A", "-f", "7", "-s", "rr");

        Assert.False(KernelEnvironment.IpvsTableIsEmpty);
    }

    [KernelFact]
    public void Ipvsadm_lists_the_service_it_added()
    {
        Ipvsadm.Run("-A", "-t", "10.0.0.1:80", "-s", "rr");

        var listing = Ipvsadm.List();

        var svc = Assert.Single(listing.Services);
        Assert.Equal("TCP 10.0.0.1:80", svc.Key);
        Assert.Equal("rr", svc.Scheduler);
        Assert.Empty(svc.RealServers);
        Assert.Equal(4096, listing.TableSize);
    }

    // The initramfs loads only ip_vs; each scheduler module is loaded by the kernel on first use.
    [KernelTheory]
    [MemberData(nameof(Schedulers))]
    public void Every_scheduler_is_available(string scheduler)
    {
        Ipvsadm.Run("-A", "-u", "10.0.0.2:53", "-s", scheduler);

        Assert.Equal(scheduler, Assert.Single(Ipvsadm.List().Services).Scheduler);
    }

    [KernelFact]
    public void Real_servers_read_back_with_forwarding_method_and_weight()
    {
        Ipvsadm.Run("-A", "-t", "10.0.0.1:80", "-s", "wlc", "-p", "300");
        Ipvsadm.Run("-a", "-t", "10.0.0.1:80", "-r", "10.0.1.1:8080", "-m", "-w", "3");
        Ipvsadm.Run("-a", "-t", "10.0.0.1:80", "-r", "10.0.1.2:80", "-g", "-w", "0");

        var svc = Assert.Single(Ipvsadm.List().Services);

        Assert.Equal(300, svc.PersistentTimeout);
        Assert.Collection(svc.RealServers.OrderBy(r => r.Address),
            r => { Assert.Equal("10.0.1.1:8080", r.Address); Assert.Equal("Masq", r.Forward); Assert.Equal(3, r.Weight); },
            r => { Assert.Equal("10.0.1.2:80", r.Address); Assert.Equal("Route", r.Forward); Assert.Equal(0, r.Weight); });
    }

    [KernelFact]
    public void Ipvs_errors_surface_with_ipvsadms_message()
    {
        Ipvsadm.Run("-A", "-t", "10.0.0.1:80", "-s", "rr");

        var ex = Assert.Throws<IpvsadmException>(() => Ipvsadm.Run("-A", "-t", "10.0.0.1:80", "-s", "rr"));

        Assert.Contains("Service already exists", ex.Message);
        Assert.NotEqual(0, ex.Result.ExitCode);
    }

    [KernelFact]
    public void Saved_table_restores_identically()
    {
        Ipvsadm.Run("-A", "-t", "10.0.0.1:80", "-s", "rr");
        Ipvsadm.Run("-a", "-t", "10.0.0.1:80", "-r", "10.0.1.1:80", "-m");
        Ipvsadm.Run("-A", "-u", "[2001:db8::1]:53", "-s", "mh", "-b", "mh-fallback,mh-port");
        Ipvsadm.Run("-A", "-f", "5", "-s", "sh", "-p", "60");
        var saved = Ipvsadm.Save();

        Ipvsadm.Clear();
        Assert.True(KernelEnvironment.IpvsTableIsEmpty, "ipvsadm -C left services behind");
        Ipvsadm.Restore(saved);

        Assert.Equal(saved, Ipvsadm.Save());
        Assert.Equal(3, Ipvsadm.List().Services.Count);
    }

    [KernelFact]
    public void Timeouts_read_back_after_set()
    {
        var before = Ipvsadm.Timeouts();
        try
        {
            Ipvsadm.Run("--set", "100", "20", "30");
            Assert.Equal(new IpvsadmTimeouts(100, 20, 30), Ipvsadm.Timeouts());
        }
        finally
        {
            Ipvsadm.Run("--set", before.Tcp.ToString(), before.TcpFin.ToString(), before.Udp.ToString());
        }
    }

    [KernelFact]
    public void Results_directory_is_shared_back_to_the_host()
    {
        var dir = KernelEnvironment.ResultsDirectory;
        Assert.False(string.IsNullOrEmpty(dir), "HATOOLS_VM_RESULTS is not set inside the VM");
        var file = Path.Combine(dir!, $"probe-{Environment.ProcessId}.txt");

        File.WriteAllText(file, "written in the VM");

        Assert.Equal("written in the VM", File.ReadAllText(file));
        File.Delete(file);
    }
}
