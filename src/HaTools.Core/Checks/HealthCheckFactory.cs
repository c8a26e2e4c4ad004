using System.Net;
using HaTools.Core.Checks.Checkers;
using HaTools.Core.Checks.Options;

namespace HaTools.Core.Checks;

/// <summary>Builds the checker for a set of options and a real server (connect_ip/port default to the server's).</summary>
public sealed class HealthCheckFactory
{
    private readonly TimeProvider _time;
    private readonly IMiscCheckRunner _misc;

    public HealthCheckFactory(TimeProvider? time = null, IMiscCheckRunner? miscRunner = null)
    {
        _time = time ?? TimeProvider.System;
        _misc = miscRunner ?? new ScriptRunnerMiscCheckRunner();
    }

    public IHealthCheck Create(CheckOptions options, IPAddress? realServer, int realServerPort, CheckerTiming timing, string? defaultVirtualHost = null)
    {
        CheckEndpoint Endpoint(int defaultPort = 0)
        {
            var address = options.ConnectIP ?? realServer
                ?? throw new HaToolsException("CheckAddressMissing", HaToolsErrorKind.InvalidArgument, $"{options.Kind} needs connect_ip or a real server address.", options);
            var port = options.ConnectPort ?? (realServerPort != 0 ? realServerPort : defaultPort);
            if (port is <= 0 or > 65535)
                throw new HaToolsException("CheckPortMissing", HaToolsErrorKind.InvalidArgument, $"{options.Kind} needs connect_port or a real server port.", options);
            return new CheckEndpoint(address, port, options.BindTo, options.BindPort, timing.ConnectTimeout) { SocketOptions = options.SocketOptions };
        }

        return options switch
        {
            TcpCheckOptions => new TcpHealthCheck(Endpoint(), _time),
            HttpGetCheckOptions h => new HttpGetHealthCheck(Endpoint(h.UseSsl ? 443 : 80), h, defaultVirtualHost, _time),
            SmtpCheckOptions s => new SmtpHealthCheck(Endpoint(25), s.HeloName, _time),
            DnsCheckOptions d => new DnsHealthCheck(Endpoint(53), d.Type, d.Name, _time),
            UdpCheckOptions u => new UdpHealthCheck(Endpoint(), u.Payload, u.RequireReply, u.ReplyPattern, u.MinReplyLength, u.MaxReplyLength, _time),
            PingCheckOptions => new PingHealthCheck(Endpoint(1), _time),
            FileCheckOptions f => new FileHealthCheck(f.File, f.Weight, f.Reverse, f.Dynamic),
            MiscCheckOptions m => new MiscHealthCheck(m, m.Timeout ?? timing.DelayLoop, _misc),
            _ => throw new HaToolsException("CheckKindUnsupported", HaToolsErrorKind.NotSupported, $"{options.Kind} is not supported.", options),
        };
    }
}
