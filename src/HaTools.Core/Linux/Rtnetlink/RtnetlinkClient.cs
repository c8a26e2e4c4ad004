using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HaTools.Core.Linux.Netlink;
using HaTools.Core.Linux.Netns;

namespace HaTools.Core.Linux.Rtnetlink;

/// <summary>
/// Typed rtnetlink requests over the shared netlink base: add, delete and list interface addresses, look up
/// links. Opened in a named network namespace or the caller's. One owner at a time (not thread-safe).
/// </summary>
public sealed class RtnetlinkClient : IDisposable
{
    private readonly NetlinkConnection _connection;

    public RtnetlinkClient(NetlinkConnection connection) => _connection = connection;

    /// <summary>Opens a NETLINK_ROUTE socket in <paramref name="networkNamespace"/> (null: the caller's).</summary>
    public static RtnetlinkClient Open(string? networkNamespace = null)
    {
        try
        {
            return NetworkNamespace.Run(networkNamespace, () => new RtnetlinkClient(NetlinkConnection.Open(NetlinkProtocol.Route)));
        }
        catch (NetlinkException ex) when (ex.Errno is Errno.EPERM or Errno.EACCES)
        {
            throw Capabilities.MissingError("Opening rtnetlink", new[] { LinuxCapability.NetAdmin });
        }
    }

    /// <summary>
    /// Adds an address. Returns false when exactly that address is already there (EEXIST), which callers treat as
    /// success. EPERM becomes PermissionDenied naming CAP_NET_ADMIN.
    /// </summary>
    public bool AddAddress(InterfaceAddress address)
    {
        var result = _connection.ExecuteBatch(new[] { AddressRequest(Rtnl.RTM_NEWADDR, NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl, address) })[0];
        if (result.Errno == Errno.EEXIST)
        {
            return false;
        }

        ThrowIfFailed(result, "Adding address " + address, address);
        return true;
    }

    /// <summary>Deletes an address; false when it was not there (EADDRNOTAVAIL / ENOENT).</summary>
    public bool DeleteAddress(InterfaceAddress address)
    {
        var result = _connection.ExecuteBatch(new[] { AddressRequest(Rtnl.RTM_DELADDR, NetlinkMessageFlags.None, address) })[0];
        if (result.Errno is Errno.EADDRNOTAVAIL or Errno.ENOENT or Errno.ENODEV)
        {
            return false;
        }

        ThrowIfFailed(result, "Deleting address " + address, address);
        return true;
    }

    /// <summary>Every address of <paramref name="family"/> (Unspecified: both), optionally on one interface.</summary>
    public IReadOnlyList<InterfaceAddress> ListAddresses(AddressFamily family = AddressFamily.Unspecified, int? interfaceIndex = null)
    {
        var header = new byte[Rtnl.IfAddrMsgSize];
        header[0] = family switch
        {
            AddressFamily.InterNetwork => Rtnl.AF_INET,
            AddressFamily.InterNetworkV6 => Rtnl.AF_INET6,
            _ => 0,
        };
        var payload = new NetlinkAttributeWriter(16).WriteHeader(header).ToArray();
        var messages = _connection.Execute(new NetlinkRequest(Rtnl.RTM_GETADDR, NetlinkMessageFlags.Dump, payload), "Listing addresses");
        var list = new List<InterfaceAddress>();
        foreach (var m in messages)
        {
            if (m.Header.Type == Rtnl.RTM_NEWADDR && TryReadAddress(m.Payload, out var a) && (interfaceIndex is null || a.InterfaceIndex == interfaceIndex))
            {
                list.Add(a);
            }
        }

        return list;
    }

    /// <summary>The link called <paramref name="name"/>; InterfaceNotFound when there is none.</summary>
    public LinkState GetLink(string name)
    {
        var payload = new NetlinkAttributeWriter(64).WriteHeader(new byte[Rtnl.IfInfoMsgSize]).WriteString(Rtnl.IFLA_IFNAME, name).ToArray();
        var result = _connection.ExecuteBatch(new[] { new NetlinkRequest(Rtnl.RTM_GETLINK, NetlinkMessageFlags.None, payload) })[0];
        if (result.Errno is Errno.ENODEV or Errno.ENOENT)
        {
            throw new HaToolsException("InterfaceNotFound", HaToolsErrorKind.ObjectNotFound, $"Interface '{name}' does not exist in this network namespace (ENODEV).", name);
        }

        ThrowIfFailed(result, "Looking up interface " + name, name);
        foreach (var m in result.Messages)
        {
            if (TryReadLink(m, out var link))
            {
                return link;
            }
        }

        throw new HaToolsException("InterfaceNotFound", HaToolsErrorKind.ObjectNotFound, $"The kernel returned no link for '{name}'.", name);
    }

    /// <summary>Every link in the namespace.</summary>
    public IReadOnlyList<LinkState> ListLinks()
    {
        var payload = new NetlinkAttributeWriter(16).WriteHeader(new byte[Rtnl.IfInfoMsgSize]).ToArray();
        var messages = _connection.Execute(new NetlinkRequest(Rtnl.RTM_GETLINK, NetlinkMessageFlags.Dump, payload), "Listing links");
        var list = new List<LinkState>();
        foreach (var m in messages)
        {
            if (TryReadLink(m, out var link))
            {
                list.Add(link);
            }
        }

        return list;
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Encodes an RTM_NEWADDR / RTM_DELADDR request (ifaddrmsg + IFA_* attributes).</summary>
    internal static NetlinkRequest AddressRequest(ushort type, NetlinkMessageFlags flags, InterfaceAddress a)
    {
        bool v6 = a.Address.AddressFamily == AddressFamily.InterNetworkV6;
        int max = v6 ? 128 : 32;
        if (a.PrefixLength < 0 || a.PrefixLength > max)
        {
            throw new HaToolsException("InvalidPrefixLength", HaToolsErrorKind.InvalidArgument, $"Prefix length {a.PrefixLength} is out of range for {a.Address}.", a);
        }

        Span<byte> header = stackalloc byte[Rtnl.IfAddrMsgSize];
        header[0] = v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET;
        header[1] = (byte)a.PrefixLength;
        header[2] = v6 ? (byte)Rtnl.IFA_F_NODAD : (byte)0;
        header[3] = Rtnl.Scope(a.Scope);
        BinaryPrimitives.WriteInt32LittleEndian(header.Slice(4), a.InterfaceIndex);

        var w = new NetlinkAttributeWriter(128).WriteHeader(header);
        var local = a.Address.GetAddressBytes();
        w.Write(Rtnl.IFA_LOCAL, local);
        w.Write(Rtnl.IFA_ADDRESS, (a.Peer ?? a.Address).GetAddressBytes());
        if (!v6 && a.Broadcast is not null)
        {
            w.Write(Rtnl.IFA_BROADCAST, a.Broadcast.GetAddressBytes());
        }

        if (!v6 && !string.IsNullOrEmpty(a.Label))
        {
            w.WriteString(Rtnl.IFA_LABEL, a.Label);
        }

        if (v6)
        {
            // IPv6 VIPs skip duplicate address detection: the address must answer the moment we are master.
            w.WriteUInt32(Rtnl.IFA_FLAGS, Rtnl.IFA_F_NODAD);
        }

        return new NetlinkRequest(type, flags, w.ToArray());
    }

    /// <summary>Decodes an RTM_NEWADDR payload; false when it is malformed.</summary>
    internal static bool TryReadAddress(ReadOnlyMemory<byte> payload, out InterfaceAddress address)
    {
        address = null!;
        var span = payload.Span;
        if (span.Length < Rtnl.IfAddrMsgSize)
        {
            return false;
        }

        byte family = span[0];
        int prefix = span[1];
        byte scope = span[3];
        int index = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(4));
        int size = family == Rtnl.AF_INET6 ? 16 : 4;
        IPAddress? local = null, ifaAddress = null, broadcast = null;
        string? label = null;
        var reader = new NetlinkAttributeReader(payload.Slice(Rtnl.IfAddrMsgSize));
        while (reader.TryRead(out var attr))
        {
            switch (attr.Type)
            {
                case Rtnl.IFA_LOCAL when attr.Value.Length == size:
                    local = new IPAddress(attr.Value.Span);
                    break;
                case Rtnl.IFA_ADDRESS when attr.Value.Length == size:
                    ifaAddress = new IPAddress(attr.Value.Span);
                    break;
                case Rtnl.IFA_BROADCAST when attr.Value.Length == size:
                    broadcast = new IPAddress(attr.Value.Span);
                    break;
                case Rtnl.IFA_LABEL:
                    label = attr.GetString();
                    break;
            }
        }

        if (reader.Error != NetlinkReadError.None)
        {
            return false;
        }

        var addr = local ?? ifaAddress;
        if (addr is null)
        {
            return false;
        }

        IPAddress? peer = local is not null && ifaAddress is not null && !local.Equals(ifaAddress) ? ifaAddress : null;
        address = new InterfaceAddress(index, addr, prefix, label, Rtnl.ScopeName(scope), broadcast, peer);
        return true;
    }

    /// <summary>Decodes an RTM_NEWLINK / RTM_DELLINK message; false for anything else or malformed.</summary>
    internal static bool TryReadLink(NetlinkMessage message, out LinkState link)
    {
        link = null!;
        if (message.Header.Type is not (Rtnl.RTM_NEWLINK or Rtnl.RTM_DELLINK))
        {
            return false;
        }

        var span = message.Payload.Span;
        if (span.Length < Rtnl.IfInfoMsgSize)
        {
            return false;
        }

        int index = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(4));
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(8));
        string name = string.Empty;
        byte oper = 0;
        var reader = new NetlinkAttributeReader(message.Payload.Slice(Rtnl.IfInfoMsgSize));
        while (reader.TryRead(out var attr))
        {
            if (attr.Type == Rtnl.IFLA_IFNAME)
            {
                name = attr.GetString();
            }
            else if (attr.Type == Rtnl.IFLA_OPERSTATE && attr.TryGetUInt8(out var o))
            {
                oper = o;
            }
        }

        link = new LinkState(index, name, (flags & Rtnl.IFF_UP) != 0, (flags & (Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP)) != 0, oper, message.Header.Type == Rtnl.RTM_DELLINK);
        return true;
    }

    private static void ThrowIfFailed(NetlinkResult result, string operation, object target)
    {
        if (result.Errno == Errno.EPERM || result.Errno == Errno.EACCES)
        {
            throw Capabilities.MissingError(operation, new[] { LinuxCapability.NetAdmin });
        }

        result.ThrowIfFailed(operation, target);
    }
}
