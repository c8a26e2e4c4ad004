namespace HaTools.Core.Linux.Genetlink;

/// <summary>A generic netlink family as nlctrl reports it: the message type to use, its version and multicast groups.</summary>
public sealed record GenericNetlinkFamily(string Name, ushort Id, uint Version, uint HeaderSize, uint MaxAttribute, IReadOnlyDictionary<string, uint> MulticastGroups);
