using System.Buffers.Binary;
using HaTools.Core.Ipvs;
using HaTools.Core.Linux;
using HaTools.Core.Linux.Genetlink;
using HaTools.Core.Linux.Netlink;
using HaTools.Core.Tests.Netlink;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>
/// A small in-memory IPVS behind the fake netlink socket: keeps a table and answers the commands the
/// client sends with the errnos ip_vs_ctl.c uses (EEXIST, ESRCH, ENOENT for schedulers and missing
/// destinations). Replies are encoded here by hand, not with the client's codec.
/// </summary>
public sealed class FakeIpvsKernel
{
    public const ushort FamilyId = 0x2a;

    public List<IpvsService> Table { get; } = new();

    public FakeNetlinkSocket Socket { get; }

    /// <summary>When set, every IPVS command is refused with this errno (EPERM to simulate no CAP_NET_ADMIN).</summary>
    public int? RefuseWith { get; set; }

    public bool HasIpvsFamily { get; set; } = true;

    public IpvsTimeouts Timeouts { get; set; } = new(900, 120, 300);

    public FakeIpvsKernel() => Socket = new FakeNetlinkSocket(Handle);

    public NetlinkConnection Connect() => new(Socket);

    private IEnumerable<NetlinkMessage> Handle(NetlinkMessage request)
    {
        if (request.Header.Type == GenericNetlink.ControllerId)
        {
            if (!HasIpvsFamily)
                return [FakeNetlinkSocket.Error(request, Errno.ENOENT)];
            var w = GenericNetlink.Begin(GenericNetlink.CtrlCmdNewFamily, 2)
                .WriteString(GenericNetlink.CtrlAttrFamilyName, "IPVS").WriteUInt16(GenericNetlink.CtrlAttrFamilyId, FamilyId);
            return [FakeNetlinkSocket.Reply(request, GenericNetlink.ControllerId, w.ToArray())];
        }
        if (request.Header.Type != FamilyId)
            return [FakeNetlinkSocket.Error(request, Errno.EINVAL)];
        if (RefuseWith is { } errno)
            return [FakeNetlinkSocket.Error(request, errno)];
        var cmd = request.Payload.Span[0];
        IpvsService? svc = null;
        IpvsRealServer? dest = null;
        var r = new NetlinkAttributeReader(request.Payload[4..]);
        while (r.TryRead(out var a))
        {
            if (a.Type == 1 && IpvsCodecAccess.TryReadService(a.Value, out var s)) svc = s;
            if (a.Type == 2 && IpvsCodecAccess.TryReadRealServer(a.Value, out var d)) dest = d;
        }
        var index = svc == null ? -1 : Table.FindIndex(t => t.HasSameKey(svc));
        NetlinkMessage Err(int e) => FakeNetlinkSocket.Error(request, e);
        switch (cmd)
        {
            case 1: // NEW_SERVICE
                if (!IpvsSchedulers.IsKnown(svc!.Scheduler) || svc.Scheduler == "twos") return [Err(Errno.ENOENT)];
                if (index >= 0) return [Err(Errno.EEXIST)];
                Table.Add(svc);
                return [];
            case 2: // SET_SERVICE
                if (index < 0) return [Err(Errno.ESRCH)];
                Table[index] = svc! with { RealServers = Table[index].RealServers };
                return [];
            case 3: // DEL_SERVICE
                if (index < 0) return [Err(Errno.ESRCH)];
                Table.RemoveAt(index);
                return [];
            case 4 when (request.Header.Flags & NetlinkMessageFlags.Dump) != 0:
                return FakeNetlinkSocket.Multipart(request, FamilyId, Table.Select(t => (ReadOnlyMemory<byte>)EncodeService(t)));
            case 4:
                return index < 0 ? [Err(Errno.ESRCH)] : [FakeNetlinkSocket.Reply(request, FamilyId, EncodeService(Table[index]))];
            case 5: // NEW_DEST
            case 6: // SET_DEST
            case 7: // DEL_DEST
            {
                if (index < 0) return [Err(Errno.ESRCH)];
                var t = Table[index];
                var di = t.RealServers.ToList().FindIndex(x => x.HasSameKey(dest!));
                if (cmd == 5 && di >= 0) return [Err(Errno.EEXIST)];
                if (cmd != 5 && di < 0) return [Err(Errno.ENOENT)];
                if (cmd == 5 && dest!.AddressFamily != t.AddressFamily && dest.ForwardingMethod != IpvsForwardingMethod.Tunnel)
                    return [Err(Errno.EINVAL)];
                var list = t.RealServers.ToList();
                if (cmd == 5) list.Add(dest!);
                else if (cmd == 6) list[di] = dest!;
                else list.RemoveAt(di);
                Table[index] = t with { RealServers = list };
                return [];
            }
            case 8: // GET_DEST dump
                if (index < 0) return [Err(Errno.ESRCH)];
                return FakeNetlinkSocket.Multipart(request, FamilyId, Table[index].RealServers.Select(d => (ReadOnlyMemory<byte>)EncodeDest(d)));
            case 12: // SET_CONFIG
            {
                uint tcp = Timeouts.Tcp, fin = Timeouts.TcpFin, udp = Timeouts.Udp;
                var cr = new NetlinkAttributeReader(request.Payload[4..]);
                while (cr.TryRead(out var a))
                {
                    if (a.Type == 4) a.TryGetUInt32(out tcp);
                    if (a.Type == 5) a.TryGetUInt32(out fin);
                    if (a.Type == 6) a.TryGetUInt32(out udp);
                }
                Timeouts = new IpvsTimeouts(tcp, fin, udp);
                return [];
            }
            case 13: // GET_CONFIG
            {
                var w = GenericNetlink.Begin(12, 1).WriteUInt32(4, Timeouts.Tcp).WriteUInt32(5, Timeouts.TcpFin).WriteUInt32(6, Timeouts.Udp);
                return [FakeNetlinkSocket.Reply(request, FamilyId, w.ToArray())];
            }
            case 15: // GET_INFO
            {
                var w = GenericNetlink.Begin(14, 1).WriteUInt32(1, 0x010201).WriteUInt32(2, 4096);
                return [FakeNetlinkSocket.Reply(request, FamilyId, w.ToArray())];
            }
            case 17: // FLUSH
                Table.Clear();
                return [];
            default:
                return [Err(Errno.EOPNOTSUPP)];
        }
    }

    /// <summary>A GET_SERVICE reply the way the kernel lays it out, stats included (32- and 64-bit).</summary>
    public static byte[] EncodeService(IpvsService s, ulong statsBase = 0)
    {
        var w = GenericNetlink.Begin(1, 1);
        var n = w.BeginNested(1, setNestedFlag: false);
        w.WriteUInt16(1, (ushort)(s.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 10 : 2));
        if (s.IsFirewallMark)
        {
            w.WriteUInt32(5, s.FirewallMark);
        }
        else
        {
            w.WriteUInt16(2, (ushort)s.Protocol!.Value);
            var addr = new byte[16];
            s.Address!.GetAddressBytes().CopyTo(addr, 0);
            w.Write(3, addr);
            w.WriteUInt16BigEndian(4, s.Port);
        }
        w.WriteString(6, s.Scheduler);
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)(s.Flags | IpvsServiceFlags.Hashed));
        BinaryPrimitives.WriteUInt32LittleEndian(flags.AsSpan(4), uint.MaxValue);
        w.Write(7, flags);
        w.WriteUInt32(8, s.PersistenceTimeout);
        var mask = new byte[4];
        if (s.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            BinaryPrimitives.WriteUInt32LittleEndian(mask, (uint)s.EffectivePrefixLength);
        else
            BinaryPrimitives.WriteUInt32BigEndian(mask, s.EffectivePrefixLength == 0 ? 0 : uint.MaxValue << (32 - s.EffectivePrefixLength));
        w.Write(9, mask);
        WriteStats(w, 10, statsBase, is64: false);
        WriteStats(w, 12, statsBase, is64: true);
        w.EndNested(n);
        return w.ToArray();
    }

    public static byte[] EncodeDest(IpvsRealServer d)
    {
        var w = GenericNetlink.Begin(5, 1);
        var n = w.BeginNested(2, setNestedFlag: false);
        var addr = new byte[16];
        d.Address.GetAddressBytes().CopyTo(addr, 0);
        w.Write(1, addr);
        w.WriteUInt16BigEndian(2, d.Port);
        w.WriteUInt32(3, (uint)d.ForwardingMethod);
        w.WriteUInt32(4, (uint)d.Weight);
        w.WriteUInt32(5, d.UpperThreshold);
        w.WriteUInt32(6, d.LowerThreshold);
        w.WriteUInt32(7, 3); // active
        w.WriteUInt32(8, 4); // inactive
        w.WriteUInt32(9, 0);
        w.WriteUInt16(11, (ushort)(d.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 10 : 2));
        WriteStats(w, 12, 0, is64: true);
        w.EndNested(n);
        return w.ToArray();
    }

    private static void WriteStats(NetlinkAttributeWriter w, ushort type, ulong b, bool is64)
    {
        var n = w.BeginNested(type, setNestedFlag: false);
        for (ushort i = 1; i <= 10; i++)
        {
            var value = b + i;
            if (is64 || i is 4 or 5)
                w.WriteUInt64(i, is64 ? value + 0x1_0000_0000UL : value);
            else
                w.WriteUInt32(i, (uint)value);
        }
        w.EndNested(n);
    }
}
