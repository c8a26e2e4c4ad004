using System.Globalization;
using System.Text;

namespace HaTools.Kernel.Tests.Checks;

/// <summary>
/// keepalived.conf text for a virtual server over the <see cref="RealServerLab"/>: TCP_CHECK on every real
/// server with short timers (delay_loop 1, connect_timeout 1, retry 1, delay_before_retry 1), so a
/// stopped listener leaves within about two seconds and the VM time stays small.
/// </summary>
public static class CheckLabConfig
{
    public const string VirtualAddress = "10.201.1.1";

    public const string SorryServer = RealServerLab.Subnet + ".99";

    /// <summary>The service as ipvsadm and IpvsService.Name print it.</summary>
    public const string ServiceName = "TCP " + VirtualAddress + ":80";

    /// <param name="lab">Real servers, in order.</param>
    /// <param name="weights">One weight per real server.</param>
    /// <param name="virtualServerLines">Extra lines inside virtual_server (quorum, sorry_server, …).</param>
    /// <param name="inhibit">Real servers (by index) with inhibit_on_failure.</param>
    public static string Text(RealServerLab lab, int[] weights, string virtualServerLines = "", params int[] inhibit)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $$"""
            virtual_server {{VirtualAddress}} 80 {
                delay_loop 1
                lvs_sched wrr
                lvs_method DR
                protocol TCP
                persistence_timeout 60
                persistence_granularity 255.255.255.0

            """);
        foreach (var line in virtualServerLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)) b.Append("    ").Append(line.Trim()).Append('\n');
        for (var i = 0; i < lab.Addresses.Count; i++)
        {
            b.Append(CultureInfo.InvariantCulture, $$"""
                    real_server {{lab[i]}} {{lab.Port}} {
                        weight {{weights[i]}}
                {{(inhibit.Contains(i) ? "        inhibit_on_failure\n" : "")}}        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }

                """);
        }
        b.Append("}\n");
        return b.ToString();
    }

    /// <summary>The recorder's view of destinations: "10.201.0.11:80 Route 2, …".</summary>
    public static string State(params (string Address, int Weight)[] servers) =>
        string.Join(", ", servers.OrderBy(s => s.Address, StringComparer.Ordinal).Select(s => $"{s.Address}:80 Route {s.Weight}"));
}
