namespace HaTools.Core.Config;

/// <summary>A vrrp_script block: a command run every Interval whose exit status tracks instances.</summary>
public sealed record VrrpScriptConfig : ConfigObject
{
    public string Name { get; set; } = "";

    /// <summary>The command line as written (quotes removed; keepalived splits it into argv).</summary>
    public string? Script { get; set; }

    public TimeSpan? Interval { get; set; }

    public TimeSpan? Timeout { get; set; }

    public int? Weight { get; set; }

    /// <summary><c>weight N reverse</c>: success lowers, failure raises the priority.</summary>
    public bool WeightReverse { get; set; }

    public int? Rise { get; set; }

    public int? Fall { get; set; }

    public string? User { get; set; }

    public string? Group { get; set; }

    public bool InitFail { get; set; }

    public ConfigList<ConfigStatement> OtherSettings { get; set; } = new();

    public override string ToString() => $"vrrp_script {Name}";
}
