using System.Management.Automation;
using System.Net;
using System.Security;
using HaTools.Core;
using HaTools.Core.Checks;
using HaTools.Core.Checks.Http;
using HaTools.Core.Checks.Options;
using HaTools.Core.Config;

namespace HaTools.Commands;

/// <summary>
/// Runs health checkers once, with keepalived's semantics (retry, delay_before_retry), from parameters or
/// from Import-KeepalivedConfig objects (a whole config, virtual servers, real servers or checker blocks).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RealServer", DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(RealServerTestResult))]
public sealed class TestRealServerCommand : HaToolsCmdlet
{
    public const string ParametersSet = "Parameters";
    public const string InputObjectSet = "InputObject";

    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public object InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
    [ValidateSet("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", IgnoreCase = true)]
    public string Kind { get; set; } = string.Empty;

    [Parameter(Position = 1, ParameterSetName = InputObjectSet)]
    [Parameter(Position = 1, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Address")]
    public IPAddress? Server { get; set; }

    [Parameter(Position = 2, ParameterSetName = InputObjectSet)]
    [Parameter(Position = 2, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string[] Path { get; set; } = { "/" };

    [Parameter(ParameterSetName = ParametersSet)]
    public string? Digest { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string[]? StatusCode { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? VirtualHost { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? Regex { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter EnableSni { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? HeloName { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateSet("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", IgnoreCase = true)]
    public string DnsType { get; set; } = "SOA";

    [Parameter(ParameterSetName = ParametersSet)]
    public string DnsName { get; set; } = ".";

    [Parameter(ParameterSetName = ParametersSet)]
    public string? MiscPath { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter Dynamic { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? Payload { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter RequireReply { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? ReplyPattern { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, 65535)]
    public int MinReplyLength { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, 65535)]
    public int MaxReplyLength { get; set; } = 255;

    [Parameter(ParameterSetName = ParametersSet)]
    public string[]? RegexOption { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? SslCertificate { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? SslKey { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SecureString? SslKeyPassword { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? SslCa { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public string? File { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int Weight { get; set; } = 1;

    [Parameter]
    [ValidateRange(0.001, 3600)]
    public double ConnectTimeout { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int Retry { get; set; } = -1;

    [Parameter]
    [ValidateRange(0, 3600)]
    public double DelayBeforeRetry { get; set; } = -1;

    [Parameter]
    public IPAddress? BindAddress { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BindInterface { get; set; }

    [Parameter]
    [ValidateRange(1u, 0x7FFFFFFFu)]
    public uint FirewallMark { get; set; }

    protected override void ProcessRecord()
    {
        List<Probe> probes;
        try
        {
            probes = ParameterSetName == ParametersSet ? new List<Probe> { FromParameters() } : FromInput(InputObject is PSObject pso ? pso.BaseObject : InputObject).ToList();
        }
        catch (HaToolsException ex)
        {
            WriteError(ex);
            return;
        }

        var factory = new HealthCheckFactory();
        var running = new List<Task<RealServerTestResult>>();
        foreach (var p in probes)
        {
            try
            {
                var check = factory.Create(p.Options, p.Server, p.Port, p.Timing, p.VirtualHost);
                WriteVerbose($"{check.Target}: connect_timeout {p.Timing.ConnectTimeout.TotalSeconds} s, retry {p.Timing.Retry}, delay_before_retry {p.Timing.DelayBeforeRetry.TotalSeconds} s");
                running.Add(RealServerProbe.RunAsync(check, p.Timing, p.RealServer, null, _stop.Token));
            }
            catch (HaToolsException ex)
            {
                WriteError(ex);
            }
        }
        foreach (var t in running)
        {
            RealServerTestResult r;
            try
            {
                r = t.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            WriteObject(r);
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    private Probe FromParameters()
    {
        var kind = Kind.ToUpperInvariant();
        var urls = Path.Select(p => new UrlCheckOptions
        {
            Path = p,
            Digest = Digest?.ToLowerInvariant(),
            StatusCodes = ParseStatusCodes(),
            Regex = Regex,
            RegexOptions = RegexOption ?? Array.Empty<string>(),
        }).ToArray();
        CheckOptions options = kind switch
        {
            "TCP_CHECK" => new TcpCheckOptions(),
            "HTTP_GET" => new HttpGetCheckOptions { Urls = urls, VirtualHost = VirtualHost },
            "SSL_GET" => new SslGetCheckOptions { Urls = urls, VirtualHost = VirtualHost, EnableSni = EnableSni.IsPresent, Tls = SslFromParameters() },
            "SMTP_CHECK" => new SmtpCheckOptions { HeloName = HeloName },
            "DNS_CHECK" => new DnsCheckOptions { Type = DnsType.ToUpperInvariant(), Name = DnsName },
            "MISC_CHECK" => new MiscCheckOptions
            {
                Path = MiscPath ?? throw new HaToolsException("MiscPathMissing", HaToolsErrorKind.InvalidArgument, "MISC_CHECK needs -MiscPath.", Kind),
                Dynamic = Dynamic.IsPresent,
                Timeout = ConnectTimeout > 0 ? TimeSpan.FromSeconds(ConnectTimeout) : TimeSpan.FromSeconds(30),
            },
            "UDP_CHECK" => new UdpCheckOptions
            {
                Payload = Payload, RequireReply = RequireReply.IsPresent, ReplyPattern = ReplyPattern, MinReplyLength = MinReplyLength, MaxReplyLength = MaxReplyLength,
            },
            "PING_CHECK" => new PingCheckOptions(),
            "FILE_CHECK" => new FileCheckOptions { File = File ?? throw new HaToolsException("FileMissing", HaToolsErrorKind.InvalidArgument, "FILE_CHECK needs -File.", Kind), Weight = Weight, Dynamic = Dynamic.IsPresent },
            _ => throw new HaToolsException("CheckKindUnsupported", HaToolsErrorKind.InvalidArgument, $"{Kind} is not a checker kind.", Kind),
        };
        if (Server is null && kind is not ("MISC_CHECK" or "FILE_CHECK"))
            throw new HaToolsException("ServerMissing", HaToolsErrorKind.InvalidArgument, $"{kind} needs -Server.", kind);
        options = WithSocketOptions(options with { BindTo = BindAddress });
        return new Probe(options, Server, Port, Override(options.ResolveTiming()), null, Server is null ? null : Format(Server, Port));
    }

    private IEnumerable<Probe> FromInput(object input)
    {
        switch (input)
        {
            case KeepalivedConfig k:
                var ssl = CheckOptionsMapper.SslFromConfig(k);
                foreach (var vs in k.VirtualServers)
                foreach (var p in FromVirtualServer(vs, k.TrackFiles, ssl)) yield return p;
                break;
            case VirtualServerConfig vs:
                foreach (var p in FromVirtualServer(vs, null, null)) yield return p;
                break;
            case RealServerConfig rs:
                foreach (var c in rs.Checkers) yield return FromChecker(c, null, rs, null, null);
                break;
            case CheckerConfig c:
                yield return FromChecker(c, null, null, null, null);
                break;
            case CheckOptions o:
                yield return new Probe(WithSocketOptions(o), Server, Port, Override(o.ResolveTiming()), null, Server is null ? null : Format(Server, Port));
                break;
            default:
                throw new HaToolsException("InputObjectNotAChecker", HaToolsErrorKind.InvalidArgument,
                    $"Test-RealServer takes checker options, or KeepalivedConfig, VirtualServerConfig, RealServerConfig or checker objects from Import-KeepalivedConfig, not {input.GetType().Name}.", input);
        }
    }

    private IEnumerable<Probe> FromVirtualServer(VirtualServerConfig vs, IEnumerable<TrackFileConfig>? trackFiles, TlsClientSettings? ssl)
    {
        foreach (var rs in vs.RealServers)
        foreach (var c in rs.Checkers)
            yield return FromChecker(c, vs, rs, trackFiles, ssl);
    }

    private Probe FromChecker(CheckerConfig c, VirtualServerConfig? vs, RealServerConfig? rs, IEnumerable<TrackFileConfig>? trackFiles, TlsClientSettings? ssl)
    {
        var options = WithSocketOptions(CheckOptionsMapper.FromConfig(c, trackFiles, ssl));
        if (BindAddress != null) options = options with { BindTo = BindAddress };
        var timing = options.ResolveTiming(rs?.DelayLoop ?? vs?.DelayLoop, vs?.Alpha, rs?.ConnectTimeout ?? vs?.ConnectTimeout,
            rs?.Retry ?? vs?.Retry, rs?.DelayBeforeRetry ?? vs?.DelayBeforeRetry, rs?.Warmup ?? vs?.Warmup);
        var server = rs?.Address ?? Server;
        var port = rs?.Port ?? Port;
        return new Probe(options, server, port, Override(timing), vs?.VirtualHost, server is null ? null : Format(server, port));
    }

    /// <summary>-BindInterface and -FirewallMark override what the checker (or its config) says.</summary>
    private CheckOptions WithSocketOptions(CheckOptions o) => o with
    {
        BindInterface = BindInterface ?? o.BindInterface,
        FirewallMark = FirewallMark != 0 ? FirewallMark : o.FirewallMark,
    };

    private LoadedTlsClientSettings? SslFromParameters()
    {
        var settings = new TlsClientSettings
        {
            CaFile = SslCa is null ? null : GetUnresolvedProviderPathFromPSPath(SslCa),
            CertificateFile = SslCertificate is null ? null : GetUnresolvedProviderPathFromPSPath(SslCertificate),
            KeyFile = SslKey is null ? null : GetUnresolvedProviderPathFromPSPath(SslKey),
            Password = SslKeyPassword is null ? null : new NetworkCredential(string.Empty, SslKeyPassword).Password,
        };
        return settings.IsEmpty ? null : settings.Load();
    }

    private CheckerTiming Override(CheckerTiming t) => t with
    {
        ConnectTimeout = ConnectTimeout > 0 ? TimeSpan.FromSeconds(ConnectTimeout) : t.ConnectTimeout,
        Retry = Retry >= 0 ? Retry : t.Retry,
        DelayBeforeRetry = DelayBeforeRetry >= 0 ? TimeSpan.FromSeconds(DelayBeforeRetry) : t.DelayBeforeRetry,
    };

    private StatusCodeRange[] ParseStatusCodes()
    {
        if (StatusCode is null) return Array.Empty<StatusCodeRange>();
        return StatusCode.SelectMany(s => s.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries)).Select(s =>
            UrlCheckOptions.TryParseStatusCode(s, out var r) ? r
                : throw new HaToolsException("StatusCodeInvalid", HaToolsErrorKind.InvalidArgument, $"'{s}' is not a status code or range (200, 200-299).", s)).ToArray();
    }

    private static string Format(IPAddress a, int port) => port == 0 ? a.ToString() : Core.Checks.Net.TcpConnector.Format(a, port);

    private sealed record Probe(CheckOptions Options, IPAddress? Server, int Port, CheckerTiming Timing, string? VirtualHost, string? RealServer);
}
