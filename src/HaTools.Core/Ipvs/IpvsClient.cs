using HaTools.Core.Linux;
using HaTools.Core.Linux.Genetlink;
using HaTools.Core.Linux.Netlink;
using static HaTools.Core.Ipvs.IpvsConstants;

namespace HaTools.Core.Ipvs;

/// <summary>
/// The typed IPVS API over generic netlink (the moby/ipvs ipvs_linux.go layer): services, real servers,
/// info, timeouts, and pipelined batches of changes. Kernel errnos become <see cref="HaToolsException"/>s
/// with IPVS words (IpvsServiceExists, IpvsServiceNotFound ...). Not thread-safe.
/// </summary>
public sealed class IpvsClient : IDisposable
{
    private readonly NetlinkConnection _connection;

    /// <summary>Uses a connection whose IPVS family id is already known (tests, shared sockets).</summary>
    public IpvsClient(NetlinkConnection connection, ushort familyId)
    {
        _connection = connection;
        FamilyId = familyId;
    }

    /// <summary>Opens a generic netlink socket in the current network namespace and resolves the IPVS family.</summary>
    public static IpvsClient Open() => Open(new NetlinkConnection(NetlinkSocket.Open(NetlinkProtocol.Generic)));

    /// <summary>Resolves the IPVS family on <paramref name="connection"/>; one clear error when the kernel has none.</summary>
    public static IpvsClient Open(NetlinkConnection connection)
    {
        try
        {
            var family = GenericNetlink.ResolveFamily(connection, FamilyName);
            return new IpvsClient(connection, family.Id);
        }
        catch (NetlinkException ex) when (ex.Errno == Errno.ENOENT)
        {
            connection.Dispose();
            throw new HaToolsException("IpvsNotAvailable", HaToolsErrorKind.NotInstalled,
                "The kernel has no IPVS: load ip_vs (modprobe ip_vs).", FamilyName, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ushort FamilyId { get; }

    public NetlinkConnection Connection => _connection;

    public IReadOnlyList<IpvsService> GetServices(bool includeRealServers = false)
    {
        var w = GenericNetlink.Begin(CmdGetService, FamilyVersion);
        var replies = Execute(GenericNetlink.Request(FamilyId, w, NetlinkMessageFlags.Dump), "list IPVS services", null);
        var services = new List<IpvsService>(replies.Count);
        foreach (var m in replies)
            services.Add(DecodeService(m));
        services.Sort(IpvsOrdering.CompareServices);
        if (includeRealServers)
        {
            for (var i = 0; i < services.Count; i++)
                services[i] = services[i] with { RealServers = GetRealServers(services[i]) };
        }
        return services;
    }

    /// <summary>One service with current settings and stats, or null when the kernel has no such service.</summary>
    public IpvsService? GetService(IpvsService key)
    {
        var w = GenericNetlink.Begin(CmdGetService, FamilyVersion);
        IpvsCodec.WriteService(w, key, full: false);
        var result = _connection.ExecuteBatch([GenericNetlink.Request(FamilyId, w)])[0];
        if (result.Errno == Errno.ESRCH)
            return null;
        if (!result.Succeeded)
            throw MapError(result.Errno, result.ErrorMessage, "get service " + key.Name, IpvsChangeKind.UpdateService, key, null);
        return result.Messages.Count == 0 ? null : DecodeService(result.Messages[0]);
    }

    public IReadOnlyList<IpvsRealServer> GetRealServers(IpvsService service)
    {
        var w = GenericNetlink.Begin(CmdGetDest, FamilyVersion);
        IpvsCodec.WriteService(w, service, full: false);
        var request = GenericNetlink.Request(FamilyId, w, NetlinkMessageFlags.Dump);
        var result = _connection.ExecuteBatch([request])[0];
        if (!result.Succeeded)
            throw MapError(result.Errno, result.ErrorMessage, "list real servers of " + service.Name, IpvsChangeKind.UpdateService, service, null);
        var parent = service with { RealServers = Array.Empty<IpvsRealServer>() };
        var list = new List<IpvsRealServer>(result.Messages.Count);
        foreach (var m in result.Messages)
        {
            if (!IpvsCodec.TryFindTop(m, CmdAttrDest, out var a))
                throw Malformed("real server", NetlinkReadError.ShortAttribute);
            if (!IpvsCodec.TryReadRealServer(a.Value, parent, out var rs, out var why))
                throw Malformed("real server", why);
            list.Add(rs);
        }
        list.Sort(IpvsOrdering.CompareRealServers);
        return list;
    }

    public void AddService(IpvsService service) => ApplyOne(new IpvsChange(IpvsChangeKind.AddService, service));

    public void UpdateService(IpvsService service) => ApplyOne(new IpvsChange(IpvsChangeKind.UpdateService, service));

    public void RemoveService(IpvsService service) => ApplyOne(new IpvsChange(IpvsChangeKind.RemoveService, service));

    public void AddRealServer(IpvsService service, IpvsRealServer server) => ApplyOne(new IpvsChange(IpvsChangeKind.AddRealServer, service, server));

    public void UpdateRealServer(IpvsService service, IpvsRealServer server) => ApplyOne(new IpvsChange(IpvsChangeKind.UpdateRealServer, service, server));

    public void RemoveRealServer(IpvsService service, IpvsRealServer server) => ApplyOne(new IpvsChange(IpvsChangeKind.RemoveRealServer, service, server));

    /// <summary>Removes every service and real server (ipvsadm -C).</summary>
    public void Flush() =>
        Execute(GenericNetlink.Request(FamilyId, GenericNetlink.Begin(CmdFlush, FamilyVersion)), "flush the IPVS table", null);

    /// <summary>Zeroes counters of one service, or of all when <paramref name="service"/> is null (ipvsadm -Z).</summary>
    public void ZeroCounters(IpvsService? service = null)
    {
        var w = GenericNetlink.Begin(CmdZero, FamilyVersion);
        if (service != null)
            IpvsCodec.WriteService(w, service, full: false);
        var result = _connection.ExecuteBatch([GenericNetlink.Request(FamilyId, w)])[0];
        if (!result.Succeeded)
            throw MapError(result.Errno, result.ErrorMessage, "zero counters", IpvsChangeKind.UpdateService, service ?? new IpvsService(), null);
    }

    public IpvsInfo GetInfo()
    {
        var replies = Execute(GenericNetlink.Request(FamilyId, GenericNetlink.Begin(CmdGetInfo, FamilyVersion)), "get IPVS info", null);
        uint version = 0, size = 0;
        foreach (var m in replies)
        {
            var r = new NetlinkAttributeReader(GenericNetlink.Attributes(m));
            while (r.TryRead(out var a))
            {
                if (a.Type == InfoAttrVersion) a.TryGetUInt32(out version);
                else if (a.Type == InfoAttrConnTabSize) a.TryGetUInt32(out size);
            }
        }
        return new IpvsInfo(IpvsInfo.DecodeVersion(version), size);
    }

    public IpvsTimeouts GetTimeouts()
    {
        var replies = Execute(GenericNetlink.Request(FamilyId, GenericNetlink.Begin(CmdGetConfig, FamilyVersion)), "get IPVS timeouts", null);
        uint tcp = 0, fin = 0, udp = 0;
        foreach (var m in replies)
        {
            var r = new NetlinkAttributeReader(GenericNetlink.Attributes(m));
            while (r.TryRead(out var a))
            {
                if (a.Type == CmdAttrTimeoutTcp) a.TryGetUInt32(out tcp);
                else if (a.Type == CmdAttrTimeoutTcpFin) a.TryGetUInt32(out fin);
                else if (a.Type == CmdAttrTimeoutUdp) a.TryGetUInt32(out udp);
            }
        }
        return new IpvsTimeouts(tcp, fin, udp);
    }

    /// <summary>Sets the timeouts; a 0 leaves that timeout as it is (as ipvsadm --set does).</summary>
    public void SetTimeouts(IpvsTimeouts timeouts)
    {
        var w = GenericNetlink.Begin(CmdSetConfig, FamilyVersion);
        if (timeouts.Tcp != 0) w.WriteUInt32(CmdAttrTimeoutTcp, timeouts.Tcp);
        if (timeouts.TcpFin != 0) w.WriteUInt32(CmdAttrTimeoutTcpFin, timeouts.TcpFin);
        if (timeouts.Udp != 0) w.WriteUInt32(CmdAttrTimeoutUdp, timeouts.Udp);
        Execute(GenericNetlink.Request(FamilyId, w), "set IPVS timeouts", timeouts);
    }

    /// <summary>
    /// Sends all changes pipelined (many per datagram, acks matched by sequence) and reports each one's
    /// outcome; a failure does not stop the rest, as with ipvsadm -R minus the restart cost per line.
    /// </summary>
    public IReadOnlyList<IpvsChangeResult> Apply(IReadOnlyList<IpvsChange> changes)
    {
        var requests = new NetlinkRequest[changes.Count];
        for (var i = 0; i < changes.Count; i++)
            requests[i] = BuildRequest(changes[i], FamilyId);
        var results = _connection.ExecuteBatch(requests);
        var outcome = new IpvsChangeResult[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            var r = results[i];
            var c = changes[i];
            outcome[i] = new IpvsChangeResult(c, r.Succeeded ? null : MapError(r.Errno, r.ErrorMessage, c.Description, c.Kind, c.Service, c.RealServer));
        }
        return outcome;
    }

    public void Dispose() => _connection.Dispose();

    internal static NetlinkRequest BuildRequest(IpvsChange change, ushort familyId)
    {
        var (cmd, full, dest) = change.Kind switch
        {
            IpvsChangeKind.AddService => (CmdNewService, true, false),
            IpvsChangeKind.UpdateService => (CmdSetService, true, false),
            IpvsChangeKind.RemoveService => (CmdDelService, false, false),
            IpvsChangeKind.AddRealServer => (CmdNewDest, true, true),
            IpvsChangeKind.UpdateRealServer => (CmdSetDest, true, true),
            IpvsChangeKind.RemoveRealServer => (CmdDelDest, false, true),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        var w = GenericNetlink.Begin(cmd, FamilyVersion);
        IpvsCodec.WriteService(w, change.Service, full: full && !dest);
        if (dest)
            IpvsCodec.WriteRealServer(w, change.RealServer ?? throw new ArgumentException("A real-server change needs a real server.", nameof(change)), full);
        return GenericNetlink.Request(familyId, w);
    }

    /// <summary>What an errno means for the IPVS operation that got it (ip_vs_ctl.c's return codes).</summary>
    internal static HaToolsException MapError(int errno, string? kernelText, string operation, IpvsChangeKind kind, IpvsService service, IpvsRealServer? server)
    {
        var suffix = kernelText is { Length: > 0 } ? $" ({kernelText})" : "";
        var isDest = kind is IpvsChangeKind.AddRealServer or IpvsChangeKind.UpdateRealServer or IpvsChangeKind.RemoveRealServer;
        object target = (object?)server ?? service;
        var inner = new NetlinkException(errno, operation, kernelText, target);
        return errno switch
        {
            Errno.EEXIST when isDest => new HaToolsException("IpvsRealServerExists", HaToolsErrorKind.ResourceExists,
                $"Real server {server!.Name} already exists in service {service.Name}.", target, inner),
            Errno.EEXIST => new HaToolsException("IpvsServiceExists", HaToolsErrorKind.ResourceExists,
                $"Service {service.Name} already exists.", target, inner),
            Errno.ESRCH => new HaToolsException("IpvsServiceNotFound", HaToolsErrorKind.ObjectNotFound,
                $"No such service {service.Name}.", service, inner),
            Errno.ENOENT when isDest => new HaToolsException("IpvsRealServerNotFound", HaToolsErrorKind.ObjectNotFound,
                $"No such real server {server!.Name} in service {service.Name}.", target, inner),
            Errno.ENOENT => new HaToolsException("IpvsSchedulerNotFound", HaToolsErrorKind.ObjectNotFound,
                $"The kernel has no scheduler '{service.Scheduler}'" + (service.PersistenceEngine != null ? $" or persistence engine '{service.PersistenceEngine}'" : "") +
                $" (module ip_vs_{service.Scheduler} not available) for {service.Name}.", service, inner),
            Errno.EOPNOTSUPP => new HaToolsException("IpvsNotSupported", HaToolsErrorKind.NotSupported,
                $"The kernel does not support {operation}{suffix}.", target, inner),
            Errno.EPERM or Errno.EACCES => new HaToolsException("IpvsPermissionDenied", HaToolsErrorKind.PermissionDenied,
                $"{operation}: permission denied; IPVS needs CAP_NET_ADMIN (run as root).", target, inner),
            Errno.EINVAL or ErrnoNames.ERANGE => new HaToolsException("IpvsInvalidArgument", HaToolsErrorKind.InvalidArgument,
                $"The kernel refused {operation}: {ErrnoNames.Describe(errno)} ({ErrnoNames.Name(errno)}){suffix}.", target, inner),
            _ => new HaToolsException("Ipvs" + ErrnoNames.Name(errno), ErrnoNames.Kind(errno),
                $"{operation} failed: {ErrnoNames.Describe(errno)} ({ErrnoNames.Name(errno)}){suffix}.", target, inner),
        };
    }

    private void ApplyOne(IpvsChange change)
    {
        var r = Apply([change])[0];
        if (r.Error != null)
            throw r.Error;
    }

    private IReadOnlyList<NetlinkMessage> Execute(NetlinkRequest request, string operation, object? target)
    {
        try
        {
            return _connection.Execute(request, operation, target);
        }
        catch (NetlinkException ex) when (ex.Errno is Errno.EPERM or Errno.EACCES)
        {
            throw new HaToolsException("IpvsPermissionDenied", HaToolsErrorKind.PermissionDenied,
                $"{operation}: permission denied; IPVS needs CAP_NET_ADMIN (run as root).", target, ex);
        }
    }

    private static IpvsService DecodeService(NetlinkMessage m)
    {
        if (!IpvsCodec.TryFindTop(m, CmdAttrService, out var a) || !IpvsCodec.TryReadService(a.Value, out var s, out _))
            throw Malformed("service", NetlinkReadError.BadAttributeValue);
        return s;
    }

    private static HaToolsException Malformed(string what, NetlinkReadError why) =>
        new("IpvsMalformedReply", HaToolsErrorKind.ProtocolError, $"The kernel sent an IPVS {what} this client cannot read ({why}).");
}
