using HaTools.Core.Linux.Netlink;

namespace HaTools.Core.Linux.Genetlink;

/// <summary>
/// Generic netlink on top of <see cref="NetlinkConnection"/>: request building (nlmsghdr + genlmsghdr +
/// attributes) and family resolution through the nlctrl family (CTRL_CMD_GETFAMILY).
/// </summary>
public static class GenericNetlink
{
    /// <summary>GENL_ID_CTRL: nlctrl's fixed message type.</summary>
    public const ushort ControllerId = 0x10;
    public const byte CtrlCmdNewFamily = 1;
    public const byte CtrlCmdGetFamily = 3;
    public const ushort CtrlAttrFamilyId = 1;
    public const ushort CtrlAttrFamilyName = 2;
    public const ushort CtrlAttrVersion = 3;
    public const ushort CtrlAttrHeaderSize = 4;
    public const ushort CtrlAttrMaxAttr = 5;
    public const ushort CtrlAttrMulticastGroups = 7;
    public const ushort CtrlAttrMulticastGroupName = 1;
    public const ushort CtrlAttrMulticastGroupId = 2;

    /// <summary>A writer with the genl header already written; add attributes, then pass it to <see cref="Request"/>.</summary>
    public static NetlinkAttributeWriter Begin(byte command, byte version)
    {
        var w = new NetlinkAttributeWriter();
        Span<byte> h = stackalloc byte[GenericNetlinkHeader.Size];
        new GenericNetlinkHeader(command, version).Write(h);
        w.WriteHeader(h);
        return w;
    }

    public static NetlinkRequest Request(ushort familyId, NetlinkAttributeWriter payload, NetlinkMessageFlags flags = NetlinkMessageFlags.None) =>
        new(familyId, flags, payload.ToArray());

    /// <summary>The attributes after the genl header of a reply.</summary>
    public static ReadOnlyMemory<byte> Attributes(NetlinkMessage message) =>
        message.Payload.Length >= GenericNetlinkHeader.Size ? message.Payload[GenericNetlinkHeader.Size..] : ReadOnlyMemory<byte>.Empty;

    /// <summary>
    /// Resolves a family by name. The kernel answers ENOENT when no such family is registered
    /// (its module not loaded and not loadable); that surfaces as a <see cref="NetlinkException"/>.
    /// </summary>
    public static GenericNetlinkFamily ResolveFamily(NetlinkConnection connection, string name)
    {
        var w = Begin(CtrlCmdGetFamily, 1).WriteString(CtrlAttrFamilyName, name);
        var replies = connection.Execute(Request(ControllerId, w), $"resolve generic netlink family {name}", name);
        foreach (var reply in replies)
        {
            if (TryReadFamily(reply, out var family))
                return family;
        }
        throw new HaToolsException("NetlinkMalformedMessage", HaToolsErrorKind.ProtocolError, $"nlctrl answered without a family id for {name}.", name);
    }

    /// <summary>Decodes a CTRL_CMD_NEWFAMILY message; false if it lacks a name or id.</summary>
    public static bool TryReadFamily(NetlinkMessage message, out GenericNetlinkFamily family)
    {
        family = null!;
        string? name = null;
        ushort? id = null;
        uint version = 0, hdr = 0, max = 0;
        var groups = new Dictionary<string, uint>();
        var r = new NetlinkAttributeReader(Attributes(message));
        while (r.TryRead(out var a))
        {
            switch (a.Type)
            {
                case CtrlAttrFamilyName: name = a.GetString(); break;
                case CtrlAttrFamilyId when a.TryGetUInt16(out var i): id = i; break;
                case CtrlAttrVersion: a.TryGetUInt32(out version); break;
                case CtrlAttrHeaderSize: a.TryGetUInt32(out hdr); break;
                case CtrlAttrMaxAttr: a.TryGetUInt32(out max); break;
                case CtrlAttrMulticastGroups:
                    var list = a.GetNested();
                    while (list.TryRead(out var g))
                    {
                        string? gname = null;
                        uint gid = 0;
                        var gr = g.GetNested();
                        while (gr.TryRead(out var ga))
                        {
                            if (ga.Type == CtrlAttrMulticastGroupName) gname = ga.GetString();
                            else if (ga.Type == CtrlAttrMulticastGroupId) ga.TryGetUInt32(out gid);
                        }
                        if (gname != null)
                            groups[gname] = gid;
                    }
                    break;
            }
        }
        if (name == null || id == null)
            return false;
        family = new GenericNetlinkFamily(name, id.Value, version, hdr, max, groups);
        return true;
    }
}
