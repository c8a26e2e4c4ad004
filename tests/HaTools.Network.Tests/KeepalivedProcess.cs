using System.Globalization;
using System.Text;
using HaTools.Core.Lab;

namespace HaTools.Network.Tests;

/// <summary>
/// Real keepalived (Debian package) in a lab namespace, foreground, logging to the console, with its own pid files.
/// Its state is read from its log ("(VI_1) Entering MASTER STATE").
/// </summary>
public sealed class KeepalivedProcess
{
    private readonly string _vrrpPidFile;

    private KeepalivedProcess(LabNode node, LabProcess process, string vrrpPidFile, string configFile)
    {
        Node = node;
        Process = process;
        _vrrpPidFile = vrrpPidFile;
        ConfigFile = configFile;
    }

    public LabNode Node { get; }

    public LabProcess Process { get; }

    public string ConfigFile { get; }

    public static string Config(LabNode node, KeepalivedInstance i)
    {
        var c = new StringBuilder();
        c.AppendLine("global_defs {");
        c.AppendLine($"  router_id {node.Name}");
        c.AppendLine("  vrrp_garp_master_delay 1");
        c.AppendLine("  vrrp_garp_master_repeat 2");
        if (i.Script is not null)
        {
            // keepalived refuses to run scripts without it; root runs them, the lab directory is root's.
            c.AppendLine("  enable_script_security");
            c.AppendLine("  script_user root");
        }

        c.AppendLine("}");
        if (i.Script is { } script)
        {
            c.AppendLine($"vrrp_script {script.Name} {{");
            c.AppendLine($"  script \"{script.Path}\"");
            c.AppendLine($"  interval {script.IntervalSeconds}");
            if (script.TimeoutSeconds is { } timeout)
            {
                c.AppendLine($"  timeout {timeout}");
            }

            c.AppendLine($"  rise {script.Rise}");
            c.AppendLine($"  fall {script.Fall}");
            c.AppendLine("}");
        }

        c.AppendLine("vrrp_instance VI_1 {");
        c.AppendLine($"  state {i.State}");
        c.AppendLine($"  interface {node.Interface}");
        c.AppendLine($"  virtual_router_id {i.VirtualRouterId}");
        c.AppendLine($"  priority {i.Priority}");
        c.AppendLine($"  version {i.Version}");
        c.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  advert_int {i.AdvertInterval}"));
        if (i.NoPreempt)
        {
            c.AppendLine("  nopreempt");
        }

        if (i.AuthPass is not null)
        {
            c.AppendLine("  authentication {");
            c.AppendLine("    auth_type PASS");
            c.AppendLine($"    auth_pass {i.AuthPass}");
            c.AppendLine("  }");
        }

        if (i.UnicastPeers is { Length: > 0 })
        {
            if (i.UnicastSource is not null)
            {
                c.AppendLine($"  unicast_src_ip {i.UnicastSource}");
            }

            c.AppendLine("  unicast_peer {");
            foreach (var p in i.UnicastPeers)
            {
                c.AppendLine($"    {p}");
            }

            c.AppendLine("  }");
        }

        if (i.Script is { } tracked)
        {
            c.AppendLine("  track_script {");
            c.AppendLine($"    {tracked.Name} weight {tracked.Weight}");
            c.AppendLine("  }");
        }

        c.AppendLine("  virtual_ipaddress {");
        c.AppendLine($"    {i.Vip}");
        c.AppendLine("  }");
        c.AppendLine("}");
        return c.ToString();
    }

    /// <summary>Writes the config, checks it with keepalived -t and starts keepalived in <paramref name="node"/>.</summary>
    public static KeepalivedProcess Start(FailoverLab lab, LabNode node, KeepalivedInstance instance)
    {
        string stem = Path.Combine(lab.Directory, $"keepalived-{node.Name}-{Guid.NewGuid():N}");
        string conf = stem + ".conf";
        File.WriteAllText(conf, Config(node, instance));
        var check = lab.Exec(node, "keepalived", "-t", "-f", conf);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException("keepalived -t rejected the test config: " + check.StandardError + check.StandardOutput + "\n" + File.ReadAllText(conf));
        }

        var process = lab.StartRouter(node, "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f", conf, "-p", stem + ".pid", "-r", stem + ".vrrp.pid");
        process.LineWritten += line =>
        {
            if (line.Contains("Entering", StringComparison.Ordinal) && line.Contains("STATE", StringComparison.Ordinal))
            {
                lab.Record("state", node.Name, "keepalived " + line.Trim());
            }
        };
        return new KeepalivedProcess(node, process, stem + ".vrrp.pid", conf);
    }

    /// <summary>The last state keepalived logged for VI_1: MASTER, BACKUP, FAULT, or null before any.</summary>
    public string? State
    {
        get
        {
            string? state = null;
            foreach (var line in Process.Output.Split('\n'))
            {
                int at = line.IndexOf("(VI_1) Entering ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    state = line[(at + "(VI_1) Entering ".Length)..].Split(' ')[0];
                }
            }

            return state;
        }
    }

    /// <summary>SIGKILLs keepalived's VRRP child and then its parent, so nothing gets to send a goodbye advert.</summary>
    public void Kill(FailoverLab lab)
    {
        if (File.Exists(_vrrpPidFile) && int.TryParse(File.ReadAllText(_vrrpPidFile).Trim(), out var child))
        {
            lab.Exec((string?)null, "kill", "-KILL", child.ToString(CultureInfo.InvariantCulture));
        }

        lab.Kill(Process);
    }
}
