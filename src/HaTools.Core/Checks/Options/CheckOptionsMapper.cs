using HaTools.Core.Checks.Http;
using HaTools.Core.Config;

namespace HaTools.Core.Checks.Options;

/// <summary>Turns checker blocks from Import-KeepalivedConfig (Config model) into checker options.</summary>
public static class CheckOptionsMapper
{
    /// <param name="trackFiles">track_file blocks by name, for FILE_CHECK (KeepalivedConfig.TrackFiles).</param>
    /// <param name="ssl">The global SSL block (<see cref="SslFromConfig"/>), for SSL_GET's client certificate.</param>
    public static CheckOptions FromConfig(CheckerConfig config, IEnumerable<TrackFileConfig>? trackFiles = null, TlsClientSettings? ssl = null)
    {
        CheckOptions options = config switch
        {
            TcpCheckConfig => new TcpCheckOptions(),
            SslGetCheckConfig s => Http(new SslGetCheckOptions { EnableSni = s.EnableSni ?? false, Tls = ssl is { IsEmpty: false } ? ssl.Load() : null }, s),
            HttpGetCheckConfig h => Http(new HttpGetCheckOptions(), h),
            SmtpCheckConfig s => new SmtpCheckOptions { HeloName = s.HeloName },
            DnsCheckConfig d => new DnsCheckOptions { Type = d.Type ?? "SOA", Name = d.Name ?? "." },
            UdpCheckConfig u => new UdpCheckOptions
            {
                Payload = u.Payload, RequireReply = u.RequireReply, ReplyPattern = u.ExpectedReply,
                MinReplyLength = Number(u.OtherSettings, "min_reply_length", 0, 65535, config) ?? 0,
                MaxReplyLength = Number(u.OtherSettings, "max_reply_length", 0, 65535, config) ?? 255,
            },
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
            BindInterface = config.BindInterface,
            FirewallMark = config.FirewallMark is int mark ? (uint)mark : null,
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
        FastRecovery = c.OtherSettings.LastOrDefault(x => x.Keyword == "fast_recovery") is { } fr && (fr.Arguments.Count == 0 || Bool(fr.Arguments[0], fr)),
        Urls = c.Urls.Select(u => new UrlCheckOptions
        {
            Path = u.Path,
            Digest = u.Digest,
            StatusCodes = u.StatusCodes.Select(r => new StatusCodeRange(r.Min, r.Max)).ToArray(),
            VirtualHost = u.VirtualHost,
            Regex = u.Regex,
            RegexNoMatch = u.RegexNoMatch,
            RegexOptions = u.OtherSettings.Where(x => x.Keyword == "regex_options").SelectMany(x => x.Arguments).ToArray(),
            RegexMinOffset = Number(u.OtherSettings, "regex_min_offset", 0, int.MaxValue, u),
            RegexMaxOffset = Number(u.OtherSettings, "regex_max_offset", 0, int.MaxValue, u),
        }).ToArray(),
    };

    /// <summary>The global <c>SSL { }</c> block of a config (kept verbatim by the reader), or null when there is none.</summary>
    public static TlsClientSettings? SslFromConfig(KeepalivedConfig config)
    {
        var block = config.OtherBlocks.LastOrDefault(b => b.Keyword == "SSL");
        if (block?.Children is null) return null;
        string? Value(string keyword) => block.Children.LastOrDefault(c => c.Keyword == keyword)?.Arguments.FirstOrDefault();
        return new TlsClientSettings { CaFile = Value("ca"), CertificateFile = Value("certificate"), KeyFile = Value("key"), Password = Value("password") };
    }

    private static int? Number(IEnumerable<ConfigStatement> settings, string keyword, int min, int max, object target)
    {
        var s = settings.LastOrDefault(x => x.Keyword == keyword);
        if (s is null) return null;
        if (s.Arguments.Count == 1 && int.TryParse(s.Arguments[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            return v;
        throw new HaToolsException("CheckSettingInvalid", HaToolsErrorKind.InvalidData, $"'{s}' needs a number within {min}-{max}.", target);
    }

    private static bool Bool(string value, ConfigStatement s) => value.ToLowerInvariant() switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => throw new HaToolsException("CheckSettingInvalid", HaToolsErrorKind.InvalidData, $"'{s}' needs true/false, on/off or yes/no.", s),
    };

    private static FileCheckOptions File(FileCheckConfig f, IEnumerable<TrackFileConfig>? trackFiles)
    {
        var tf = trackFiles?.FirstOrDefault(t => t.Name == f.TrackFile);
        var path = tf?.File ?? throw new HaToolsException("TrackFileNotFound", HaToolsErrorKind.ObjectNotFound,
            $"FILE_CHECK refers to track_file '{f.TrackFile}', which is not defined (or has no file).", f);
        return new FileCheckOptions { File = path, Weight = f.Weight ?? tf.Weight ?? 1, Reverse = f.WeightReverse || tf.WeightReverse };
    }
}
