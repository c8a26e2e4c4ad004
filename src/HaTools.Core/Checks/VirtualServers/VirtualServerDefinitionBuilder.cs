using HaTools.Core.Checks.Options;
using HaTools.Core.Config;
using HaTools.Core.Scripts;

namespace HaTools.Core.Checks.VirtualServers;

/// <summary>Turns a virtual_server from Import-KeepalivedConfig into what <see cref="VirtualServerMonitor"/> runs.</summary>
public static class VirtualServerDefinitionBuilder
{
    /// <param name="ssl">The config's global SSL block (<see cref="CheckOptionsMapper.SslFromConfig"/>) for SSL_GET client certificates.</param>
    public static VirtualServerDefinition FromConfig(VirtualServerConfig vs, IEnumerable<TrackFileConfig>? trackFiles = null, HealthCheckFactory? factory = null,
        HaTools.Core.Checks.Http.TlsClientSettings? ssl = null)
    {
        factory ??= new HealthCheckFactory();
        var servers = vs.RealServers.Select(rs => new RealServerDefinition
        {
            Address = rs.Address,
            Port = rs.Port ?? vs.Port ?? 0,
            Weight = rs.Weight ?? 1,
            InhibitOnFailure = rs.InhibitOnFailure || vs.InhibitOnFailure,
            NotifyUp = Script(rs.NotifyUp ?? vs.NotifyUp),
            NotifyDown = Script(rs.NotifyDown ?? vs.NotifyDown),
            Checks = rs.Checkers.Select(c =>
            {
                var options = CheckOptionsMapper.FromConfig(c, trackFiles, ssl);
                var timing = options.ResolveTiming(rs.DelayLoop ?? vs.DelayLoop, vs.Alpha, rs.ConnectTimeout ?? vs.ConnectTimeout,
                    rs.Retry ?? vs.Retry, rs.DelayBeforeRetry ?? vs.DelayBeforeRetry, rs.Warmup ?? vs.Warmup);
                return (factory.Create(options, rs.Address, rs.Port ?? vs.Port ?? 0, timing, vs.VirtualHost), timing);
            }).ToArray(),
        }).ToArray();
        return new VirtualServerDefinition
        {
            Name = vs.Key,
            RealServers = servers,
            Quorum = vs.Quorum ?? 1,
            Hysteresis = vs.Hysteresis ?? 0,
            QuorumUp = Script(vs.QuorumUp),
            QuorumDown = Script(vs.QuorumDown),
            SorryServer = vs.SorryServerAddress,
            SorryServerPort = vs.SorryServerPort ?? vs.Port ?? 0,
            Omega = vs.Omega,
        };
    }

    private static ScriptCommand? Script(string? line) => string.IsNullOrWhiteSpace(line) ? null : ScriptCommand.Parse(line);
}
