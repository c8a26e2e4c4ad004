using System.Net;
using System.Net.Sockets;
using HaTools.Core.Ipvs;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>The `ipvsadm -S -n` / `ipvsadm -R` rules format.</summary>
public class IpvsSaveFormatTests
{
    private const string Sample =
        "-A -t 10.0.0.1:80 -s wlc\n" +
        "-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 1\n" +
        "-a -t 10.0.0.1:80 -r 10.0.0.12:8080 -m -w 0\n" +
        "-A -u 10.0.0.1:53 -s rr -p 600 -M 255.255.255.0\n" +
        "-a -u 10.0.0.1:53 -r 10.0.0.21:53 -i -w 2 -x 100 -y 10\n" +
        "-A -f 5 -s sh -b sh-fallback,sh-port\n" +
        "-A -f 6 -6 -s mh -o -b mh-port\n" +
        "-A -t [2001:db8::1]:443 -s rr -p 300 -M 64\n" +
        "-a -t [2001:db8::1]:443 -r [2001:db8::11]:443 -g -w 1\n" +
        "-A --sctp-service 10.0.0.1:9 -s lc\n";

    [Fact]
    public void Save_text_round_trips_unchanged()
    {
        Assert.True(IpvsSaveFormat.TryParse(Sample, out var services, out var diags), string.Join("\n", diags));
        Assert.Equal(Sample, IpvsSaveFormat.Write(services));
    }

    [Fact]
    public void Parsed_services_carry_the_settings_of_each_option()
    {
        IpvsSaveFormat.TryParse(Sample, out var s, out _);
        Assert.Equal(6, s.Count);
        Assert.Equal(2, s[0].RealServers.Count);
        Assert.Equal(IpvsForwardingMethod.Masquerade, s[0].RealServers[1].ForwardingMethod);
        Assert.Equal(8080, s[0].RealServers[1].Port);
        Assert.Equal(0, s[0].RealServers[1].Weight);
        Assert.Equal(600u, s[1].PersistenceTimeout);
        Assert.Equal(24, s[1].PersistencePrefixLength);
        Assert.Equal(IpvsForwardingMethod.Tunnel, s[1].RealServers[0].ForwardingMethod);
        Assert.Equal(100u, s[1].RealServers[0].UpperThreshold);
        Assert.Equal(IpvsServiceFlags.SchedulerFlag1 | IpvsServiceFlags.SchedulerFlag2, s[2].Flags);
        Assert.Equal(AddressFamily.InterNetworkV6, s[3].AddressFamily);
        Assert.True(s[3].IsOnePacket);
        Assert.Equal(64, s[4].PersistencePrefixLength);
        Assert.Equal(IpvsProtocol.SCTP, s[5].Protocol);
    }

    [Fact]
    public void Long_options_and_default_persistence_are_read_like_ipvsadm()
    {
        const string text = "--add-service --tcp-service 10.0.0.1:80 --scheduler rr --persistent\n" +
                            "--add-server --tcp-service 10.0.0.1:80 --real-server 10.0.0.2 --masquerading --weight 4\n";
        Assert.True(IpvsSaveFormat.TryParse(text, out var s, out _));
        Assert.Equal(300u, s[0].PersistenceTimeout);
        Assert.Equal(80, s[0].RealServers[0].Port); // no port: the service's port, as ipvsadm does
    }

    [Theory]
    [InlineData("-A -t 10.0.0.1 -s rr", "is not an IP address with a port")]
    [InlineData("-A -t 10.0.0.1:80 -s fastest", "unknown scheduler 'fastest'")]
    [InlineData("-A -t 10.0.0.1:80 -s rr --frobnicate", "unknown option '--frobnicate'")]
    [InlineData("-a -t 10.0.0.9:80 -r 10.0.0.2:80 -g -w 1", "which no earlier -A line defines")]
    [InlineData("-A -t 10.0.0.1:99999 -s rr", "is not an IP address with a port")]
    [InlineData("-A -u 10.0.0.1:53 -s rr -p 60 -M 255.0.255.0", "netmask '255.0.255.0' is not valid")]
    [InlineData("-A -t host.example:80 -s rr", "is not an IP address with a port")]
    public void Bad_lines_give_diagnostics_with_line_numbers(string line, string expected)
    {
        var text = "# header comment\n" + line + "\n";
        Assert.False(IpvsSaveFormat.TryParse(text, out _, out var diags));
        var d = Assert.Single(diags);
        Assert.Equal(2, d.Line);
        Assert.Contains(expected, d.Message);
        Assert.Equal(line, d.Text);
    }

    [Fact]
    public void Written_ipv4_netmask_is_dotted_and_default_mask_is_omitted()
    {
        var svc = new IpvsService
        {
            Protocol = IpvsProtocol.TCP, Address = IPAddress.Parse("10.0.0.1"), Port = 80, Scheduler = "rr",
            Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60, PersistencePrefixLength = 16,
        };
        Assert.Equal("-A -t 10.0.0.1:80 -s rr -p 60 -M 255.255.0.0", IpvsSaveFormat.FormatService(svc, "-A"));
        Assert.Equal("-A -t 10.0.0.1:80 -s rr -p 60", IpvsSaveFormat.FormatService(svc with { PersistencePrefixLength = null }, "-A"));
    }
}
