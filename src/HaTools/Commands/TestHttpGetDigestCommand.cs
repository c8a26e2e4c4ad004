using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using HaTools.Core;
using HaTools.Core.Checks.Http;

namespace HaTools.Commands;

/// <summary>
/// genhash as a cmdlet: one GET with keepalived's exact request, returning status, body MD5 (as
/// keepalived computes it), lengths, headers, timings and a url block for keepalived.conf.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HttpGetDigest", DefaultParameterSetName = UriSet)]
[OutputType(typeof(HttpGetResult))]
public sealed class TestHttpGetDigestCommand : HaToolsCmdlet
{
    public const string UriSet = "Uri";
    public const string ServerSet = "Server";

    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public Uri Uri { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = ServerSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Address", "ConnectIP")]
    public string Server { get; set; } = string.Empty;

    [Parameter(ParameterSetName = ServerSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ConnectPort")]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    [Parameter(ParameterSetName = ServerSet, ValueFromPipelineByPropertyName = true)]
    public string Path { get; set; } = "/";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? VirtualHost { get; set; }

    [Parameter]
    public SwitchParameter UseSsl { get; set; }

    [Parameter]
    public SwitchParameter NoSni { get; set; }

    [Parameter]
    [ValidateRange(0.001, 3600)]
    public double Timeout { get; set; } = 5;

    [Parameter]
    public IPAddress? BindAddress { get; set; }

    [Parameter]
    [ValidateSet("1.0", "1.0C", "1.1", IgnoreCase = true)]
    public string Protocol { get; set; } = "1.0";

    [Parameter]
    [ValidateRange(0L, long.MaxValue)]
    public long MaxBodyLength { get; set; } = HttpGetRequest.DefaultMaxBodyBytes;

    protected override void ProcessRecord()
    {
        HttpGetRequest request;
        try
        {
            request = BuildRequest();
        }
        catch (HaToolsException ex)
        {
            WriteError(ex);
            return;
        }

        var result = new HttpGetClient().GetAsync(request, _stop.Token).GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            WriteError(new HaToolsException("HttpGet" + result.Failure, KindOf(result.Failure),
                $"GET {request} failed: {result.FailureReason}.", request.ToString()));
            return;
        }
        if (result.StatusCode <= 0)
            WriteWarning($"GET {request}: the status line '{result.StatusLine}' has no status code; keepalived reads it as 0 and fails any status_code check.");
        if (result.ContentLengthMismatch)
            WriteWarning($"GET {request}: Content-Length ({result.ContentLength}) does not match received bytes ({result.BodyLength}); the digest covers min of both, as keepalived's.");
        WriteObject(result);
    }

    protected override void StopProcessing() => _stop.Cancel();

    private HttpGetRequest BuildRequest()
    {
        string host;
        int port;
        string path;
        var useSsl = UseSsl.IsPresent;
        var vhost = VirtualHost;
        if (ParameterSetName == UriSet)
        {
            if (!Uri.IsAbsoluteUri || (Uri.Scheme != "http" && Uri.Scheme != "https"))
                throw new HaToolsException("UriNotHttp", HaToolsErrorKind.InvalidArgument, $"'{Uri}' is not an absolute http:// or https:// URI.", Uri);
            useSsl |= Uri.Scheme == "https";
            host = Uri.IdnHost;
            port = Uri.Port;
            path = Uri.PathAndQuery;
            if (vhost == null && Uri.HostNameType == UriHostNameType.Dns) vhost = Uri.Host;
        }
        else
        {
            host = Server;
            port = Port != 0 ? Port : useSsl ? 443 : 80;
            path = string.IsNullOrEmpty(Path) ? "/" : Path;
        }

        return new HttpGetRequest
        {
            Server = Resolve(host),
            Port = port,
            Path = path,
            VirtualHost = string.IsNullOrEmpty(vhost) ? null : vhost,
            UseSsl = useSsl,
            EnableSni = !NoSni.IsPresent,
            Protocol = Protocol.ToUpperInvariant() switch { "1.1" => HttpProtocolVersion.Http11, "1.0C" => HttpProtocolVersion.Http10Close, _ => HttpProtocolVersion.Http10 },
            Timeout = TimeSpan.FromSeconds(Timeout),
            BindAddress = BindAddress,
            MaxBodyBytes = MaxBodyLength,
        };
    }

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or InvalidOperationException)
        {
            throw new HaToolsException("HostNotResolved", HaToolsErrorKind.ObjectNotFound, $"Cannot resolve '{host}': {ex.Message}", host, ex);
        }
    }

    private static HaToolsErrorKind KindOf(HttpGetFailure f) => f switch
    {
        HttpGetFailure.ConnectTimeout or HttpGetFailure.ReadTimeout or HttpGetFailure.TotalTimeout => HaToolsErrorKind.OperationTimeout,
        HttpGetFailure.NoData or HttpGetFailure.HeaderTooLarge or HttpGetFailure.BodyTooLarge => HaToolsErrorKind.ProtocolError,
        HttpGetFailure.TlsHandshakeFailed => HaToolsErrorKind.ProtocolError,
        _ => HaToolsErrorKind.ConnectionError,
    };
}
