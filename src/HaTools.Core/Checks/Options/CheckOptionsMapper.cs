using HaTools.Core.Checks.Http;
using HaTools.Core.Config;

namespace HaTools.Core.Checks.Options;

/// <summary>Turns checker blocks from Import-KeepalivedConfig (Config model) into checker options.</summary>
public static class CheckOptionsMapper
{
    /// <param name="trackFiles">track_file blocks by name, for FILE_CHECK (KeepalivedConfig.TrackFiles).</param>
    public static CheckOptions FromConfig(CheckerConfig config, IEnumerable<TrackFileConfig>? trackFiles = null)
    {
        CheckOptions options = config switch
        {
            TcpCheckConfig => new TcpCheckOptions(),
            SslGetCheckConfig s => Http(new SslGetCheckOptions { EnableSni = s.EnableSni ?? false }, s),
            HttpGetCheckConfig h => Http(new HttpGetCheckOptions(), h),
            SmtpCheckConfig s => new SmtpCheckOptions { HeloName = s.HeloName },
            DnsCheckConfig d => new DnsCheckOptions { Type = d.Type ?? "SOA", Name = d.Name ?? "." },
            UdpCheckConfig u => new UdpCheckOptions { Payload = u.Payload, RequireReply = u.RequireReply, ReplyPattern = u.ExpectedReply },
            PingCheckConfig => new PingCheckOptions(),
            MiscCheckConfig m => new MiscCheckOptions
            {
                Path = m.Path ?? throw new HaToolsException("MiscPathMissing", HaToolsErrorKind.InvalidData, "MISC_CHECK has no misc_path.", config),
                Timeout = m.Timeout, Dynamic = m.Dynamic, User = m.User, Group = m.Group,
            },
            FileCheckConfig f => File(f, trackFiles),
            _ => throw new HaToolsException("CheckKindUnsupported", HaToolsErrorKind.NotSupported, $"{config.Kind} checks are not supported.", config),
        };
        return options with
        {
            ConnectIP = config.ConnectIP,
            ConnectPort = config.ConnectPort,
            BindTo = config.BindTo,
            BindPort = config.BindPort ?? 0,
            ConnectTimeout = config.ConnectTimeout,
            Retry = config.Retry,
            DelayBeforeRetry = config.DelayBeforeRetry,
            Warmup = config.Warmup,
            DelayLoop = config.DelayLoop,
            Alpha = config.Alpha,
        };
    }

    private static HttpGetCheckOptions Http(HttpGetCheckOptions o, HttpGetCheckConfig c) => o with
    {
        VirtualHost = c.VirtualHost,
        Protocol = (c.HttpProtocol ?? "1.0").ToUpperInvariant() switch
        {
            "1.1" => HttpProtocolVersion.Http11,
            "1.0C" => HttpProtocolVersion.Http10Close,
            _ => HttpProtocolVersion.Http10,
        },
        Urls = c.Urls.Select(u => new UrlCheckOptions
        {
            Path = u.Path,
            Digest = u.Digest,
            StatusCodes = u.StatusCodes.Select(r => new StatusCodeRange(r.Min, r.Max)).ToArray(),
            VirtualHost = u.VirtualHost,
            Regex = u.Regex,
            RegexNoMatch = u.RegexNoMatch,
        }).ToArray(),
    };

    private static FileCheckOptions File(FileCheckConfig f, IEnumerable<TrackFileConfig>? trackFiles)
    {
        var tf = trackFiles?.FirstOrDefault(t => t.Name == f.TrackFile);
        var path = tf?.File ?? throw new HaToolsException("TrackFileNotFound", HaToolsErrorKind.ObjectNotFound,
            $"FILE_CHECK refers to track_file '{f.TrackFile}', which is not defined (or has no file).", f);
        return new FileCheckOptions { File = path, Weight = f.Weight ?? tf.Weight ?? 1, Reverse = f.WeightReverse || tf.WeightReverse };
    }
}
