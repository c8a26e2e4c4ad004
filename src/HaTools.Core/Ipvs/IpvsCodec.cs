using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Linux.Genetlink;
using HaTools.Core.Linux.Netlink;
using static HaTools.Core.Ipvs.IpvsConstants;

namespace HaTools.Core.Ipvs;

/// <summary>
/// Encodes IPVS requests and decodes replies (the moby/ipvs netlink_linux.go layer). Byte order follows
/// the kernel: ports and IPv4 netmasks in network order, everything else host order.
/// </summary>
internal static class IpvsCodec
{
    public static ushort ToAf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet;

    public static AddressFamily FromAf(ushort af) => af == AfInet6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>Writes the nested IPVS_CMD_ATTR_SERVICE; <paramref name="full"/> adds the settings NEW/SET require.</summary>
    public static void WriteService(NetlinkAttributeWriter w, IpvsService s, bool full)
    {
        var nest = w.BeginNested(CmdAttrService);
        w.WriteUInt16(SvcAttrAf, ToAf(s.AddressFamily));
        if (s.IsFirewallMark)
        {
            w.WriteUInt32(SvcAttrFwmark, s.FirewallMark);
        }
        else
        {
            w.WriteUInt16(SvcAttrProtocol, (ushort)(s.Protocol ?? IpvsProtocol.TCP));
            w.Write(SvcAttrAddr, AddressBytes(s.Address ?? IPAddress.Any));
            w.WriteUInt16BigEndian(SvcAttrPort, s.Port);
        }
        if (full)
        {
            w.WriteString(SvcAttrSchedName, s.Scheduler);
            if (s.PersistenceEngine is { Length: > 0 } pe)
                w.WriteString(SvcAttrPeName, pe);
            // struct ip_vs_flags { flags; mask }: the mask says which bits to change; Hashed is the kernel's own.
            Span<byte> flags = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)(s.Flags & ~IpvsServiceFlags.Hashed));
            BinaryPrimitives.WriteUInt32LittleEndian(flags[4..], ~(uint)IpvsServiceFlags.Hashed);
            w.Write(SvcAttrFlags, flags);
            w.WriteUInt32(SvcAttrTimeout, s.PersistenceTimeout);
            w.Write(SvcAttrNetmask, NetmaskBytes(s.AddressFamily, s.EffectivePrefixLength));
        }
        w.EndNested(nest);
    }

    /// <summary>Writes the nested IPVS_CMD_ATTR_DEST; <paramref name="full"/> adds the settings NEW/SET require.</summary>
    public static void WriteRealServer(NetlinkAttributeWriter w, IpvsRealServer d, bool full)
    {
        var nest = w.BeginNested(CmdAttrDest);
        w.WriteUInt16(DestAttrAddrFamily, ToAf(d.Address.AddressFamily));
        w.Write(DestAttrAddr, AddressBytes(d.Address));
        w.WriteUInt16BigEndian(DestAttrPort, d.Port);
        if (full)
        {
            w.WriteUInt32(DestAttrFwdMethod, (uint)d.ForwardingMethod & ForwardMask);
            w.WriteUInt32(DestAttrWeight, unchecked((uint)d.Weight));
            w.WriteUInt32(DestAttrUThresh, d.UpperThreshold);
            w.WriteUInt32(DestAttrLThresh, d.LowerThreshold);
            if (d.ForwardingMethod == IpvsForwardingMethod.Tunnel && (d.TunnelType != IpvsTunnelType.Ipip || d.TunnelPort != 0 || d.TunnelFlags != 0))
            {
                w.WriteUInt8(DestAttrTunType, (byte)d.TunnelType);
                w.WriteUInt16BigEndian(DestAttrTunPort, d.TunnelPort);
                w.WriteUInt16(DestAttrTunFlags, (ushort)d.TunnelFlags);
            }
        }
        w.EndNested(nest);
    }

    public static byte[] AddressBytes(IPAddress address)
    {
        var bytes = new byte[AddressSize];
        address.GetAddressBytes().CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>IPv4: the mask in network order. IPv6: the prefix length as a plain number (the kernel checks 1..128).</summary>
    public static byte[] NetmaskBytes(AddressFamily family, int prefix)
    {
        var bytes = new byte[4];
        if (family == AddressFamily.InterNetworkV6)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)prefix);
        else
            BinaryPrimitives.WriteUInt32BigEndian(bytes, prefix == 0 ? 0u : uint.MaxValue << (32 - prefix));
        return bytes;
    }

    /// <summary>Decodes the contents of IPVS_CMD_ATTR_SERVICE.</summary>
    public static bool TryReadService(ReadOnlyMemory<byte> nested, out IpvsService service, out NetlinkReadError reason)
    {
        service = null!;
        ushort af = AfInet;
        IpvsProtocol? protocol = null;
        ReadOnlyMemory<byte> addr = default;
        ushort port = 0;
        uint fwmark = 0, timeout = 0, flags = 0;
        uint? netmask = null;
        string scheduler = "", pe = "";
        IpvsStats? stats32 = null, stats64 = null;
        var r = new NetlinkAttributeReader(nested);
        while (r.TryRead(out var a))
        {
            var ok = true;
            switch (a.Type)
            {
                case SvcAttrAf: ok = a.TryGetUInt16(out af); break;
                case SvcAttrProtocol: ok = a.TryGetUInt16(out var p); protocol = (IpvsProtocol)p; break;
                case SvcAttrAddr: addr = a.Value; break;
                case SvcAttrPort: ok = a.TryGetUInt16BigEndian(out port); break;
                case SvcAttrFwmark: ok = a.TryGetUInt32(out fwmark); break;
                case SvcAttrSchedName: scheduler = a.GetString(); break;
                case SvcAttrPeName: pe = a.GetString(); break;
                case SvcAttrFlags:
                    ok = a.Value.Length >= 4;
                    if (ok) flags = BinaryPrimitives.ReadUInt32LittleEndian(a.Value.Span);
                    break;
                case SvcAttrTimeout: ok = a.TryGetUInt32(out timeout); break;
                case SvcAttrNetmask:
                    ok = a.Value.Length == 4;
                    if (ok) netmask = BinaryPrimitives.ReadUInt32LittleEndian(a.Value.Span);
                    break;
                case SvcAttrStats: ok = TryReadStats(a.Value, false, out var s32); stats32 = s32; break;
                case SvcAttrStats64: ok = TryReadStats(a.Value, true, out var s64); stats64 = s64; break;
            }
            if (!ok)
            {
                reason = NetlinkReadError.BadAttributeValue;
                return false;
            }
        }
        if (r.Error != NetlinkReadError.None)
        {
            reason = r.Error;
            return false;
        }
        var family = FromAf(af);
        IPAddress? address = null;
        if (fwmark == 0)
        {
            if (!TryReadAddress(addr, family, out address))
            {
                reason = NetlinkReadError.BadAttributeValue;
                return false;
            }
        }
        int? prefix = null;
        if (netmask is { } nm)
        {
            var full = family == AddressFamily.InterNetworkV6 ? 128 : 32;
            var len = family == AddressFamily.InterNetworkV6 ? (int)nm : System.Numerics.BitOperations.PopCount(BinaryPrimitives.ReverseEndianness(nm));
            prefix = len == full || len == 0 && family == AddressFamily.InterNetworkV6 ? null : len;
        }
        service = new IpvsService
        {
            AddressFamily = family,
            Protocol = fwmark == 0 ? protocol : null,
            Address = address,
            Port = port,
            FirewallMark = fwmark,
            Scheduler = scheduler,
            Flags = (IpvsServiceFlags)flags,
            PersistenceTimeout = timeout,
            PersistencePrefixLength = prefix,
            PersistenceEngine = pe.Length == 0 ? null : pe,
            Stats = stats64 ?? stats32 ?? IpvsStats.Zero,
        };
        reason = NetlinkReadError.None;
        return true;
    }

    /// <summary>Decodes the contents of IPVS_CMD_ATTR_DEST.</summary>
    public static bool TryReadRealServer(ReadOnlyMemory<byte> nested, IpvsService? parent, out IpvsRealServer server, out NetlinkReadError reason)
    {
        server = null!;
        ushort? af = null;
        ReadOnlyMemory<byte> addr = default;
        ushort port = 0, tunPort = 0, tunFlags = 0;
        byte tunType = 0;
        uint fwd = 0, weight = 0, upper = 0, lower = 0, active = 0, inactive = 0, persist = 0;
        IpvsStats? stats32 = null, stats64 = null;
        var r = new NetlinkAttributeReader(nested);
        while (r.TryRead(out var a))
        {
            var ok = true;
            switch (a.Type)
            {
                case DestAttrAddrFamily: ok = a.TryGetUInt16(out var f); af = f; break;
                case DestAttrAddr: addr = a.Value; break;
                case DestAttrPort: ok = a.TryGetUInt16BigEndian(out port); break;
                case DestAttrFwdMethod: ok = a.TryGetUInt32(out fwd); break;
                case DestAttrWeight: ok = a.TryGetUInt32(out weight); break;
                case DestAttrUThresh: ok = a.TryGetUInt32(out upper); break;
                case DestAttrLThresh: ok = a.TryGetUInt32(out lower); break;
                case DestAttrActiveConns: ok = a.TryGetUInt32(out active); break;
                case DestAttrInactConns: ok = a.TryGetUInt32(out inactive); break;
                case DestAttrPersistConns: ok = a.TryGetUInt32(out persist); break;
                case DestAttrStats: ok = TryReadStats(a.Value, false, out var s32); stats32 = s32; break;
                case DestAttrStats64: ok = TryReadStats(a.Value, true, out var s64); stats64 = s64; break;
                case DestAttrTunType: ok = a.TryGetUInt8(out tunType); break;
                case DestAttrTunPort: ok = a.TryGetUInt16BigEndian(out tunPort); break;
                case DestAttrTunFlags: ok = a.TryGetUInt16(out tunFlags); break;
            }
            if (!ok)
            {
                reason = NetlinkReadError.BadAttributeValue;
                return false;
            }
        }
        if (r.Error != NetlinkReadError.None)
        {
            reason = r.Error;
            return false;
        }
        // Kernels before 4.x send no IPVS_DEST_ATTR_ADDR_FAMILY: the destination then has the service's family.
        var family = af is { } v ? FromAf(v) : parent?.AddressFamily ?? AddressFamily.InterNetwork;
        if (!TryReadAddress(addr, family, out var address))
        {
            reason = NetlinkReadError.BadAttributeValue;
            return false;
        }
        server = new IpvsRealServer
        {
            Service = parent,
            Address = address!,
            Port = port,
            ForwardingMethod = (IpvsForwardingMethod)(fwd & ForwardMask),
            Weight = unchecked((int)weight),
            UpperThreshold = upper,
            LowerThreshold = lower,
            ActiveConnections = active,
            InactiveConnections = inactive,
            PersistentConnections = persist,
            Stats = stats64 ?? stats32 ?? IpvsStats.Zero,
            TunnelType = (IpvsTunnelType)tunType,
            TunnelPort = tunPort,
            TunnelFlags = (IpvsTunnelFlags)tunFlags,
        };
        reason = NetlinkReadError.None;
        return true;
    }

    /// <summary>Stats: the 32-bit form has u32 counters and u64 bytes; STATS64 has u64 everywhere.</summary>
    public static bool TryReadStats(ReadOnlyMemory<byte> nested, bool is64, out IpvsStats stats)
    {
        var values = new ulong[11];
        var r = new NetlinkAttributeReader(nested);
        while (r.TryRead(out var a))
        {
            if (a.Type is < StatsConns or > StatsOutBps)
                continue;
            if (a.TryGetUInt64(out var v64))
                values[a.Type] = v64;
            else if (a.TryGetUInt32(out var v32))
                values[a.Type] = v32;
        }
        stats = new IpvsStats
        {
            Connections = values[StatsConns],
            PacketsIn = values[StatsInPkts],
            PacketsOut = values[StatsOutPkts],
            BytesIn = values[StatsInBytes],
            BytesOut = values[StatsOutBytes],
            ConnectionsPerSecond = values[StatsCps],
            PacketsInPerSecond = values[StatsInPps],
            PacketsOutPerSecond = values[StatsOutPps],
            BytesInPerSecond = values[StatsInBps],
            BytesOutPerSecond = values[StatsOutBps],
        };
        return r.Error == NetlinkReadError.None;
    }

    private static bool TryReadAddress(ReadOnlyMemory<byte> bytes, AddressFamily family, out IPAddress? address)
    {
        var need = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        if (bytes.Length < need)
        {
            address = null;
            return false;
        }
        address = new IPAddress(bytes.Span[..need]);
        return true;
    }

    /// <summary>The nested attribute <paramref name="type"/> at the top level of a genl reply.</summary>
    public static bool TryFindTop(NetlinkMessage message, ushort type, out NetlinkAttribute attribute)
    {
        var r = new NetlinkAttributeReader(GenericNetlink.Attributes(message));
        while (r.TryRead(out attribute))
        {
            if (attribute.Type == type)
                return true;
        }
        attribute = default;
        return false;
    }
}
