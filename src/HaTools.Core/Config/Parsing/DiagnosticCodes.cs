namespace HaTools.Core.Config;

/// <summary>Stable diagnostic codes (scripts and tests match on them).</summary>
public static class DiagnosticCodes
{
    public const string UnknownKeyword = "UnknownKeyword";
    public const string ObsoleteKeyword = "ObsoleteKeyword";
    public const string InvalidValue = "InvalidValue";
    public const string MissingValue = "MissingValue";
    public const string UnexpectedOpenBrace = "UnexpectedOpenBrace";
    public const string ExtraCloseBrace = "ExtraCloseBrace";
    public const string MissingCloseBrace = "MissingCloseBrace";
    public const string NestingTooDeep = "NestingTooDeep";
    public const string UnterminatedQuote = "UnterminatedQuote";
    public const string BinaryData = "BinaryData";
    public const string FileTooLarge = "ConfigFileTooLarge";
    public const string IncludeNotFound = "IncludeNotFound";
    public const string IncludeCycle = "IncludeCycle";
    public const string IncludeTooDeep = "IncludeTooDeep";
    public const string IncludeReadError = "IncludeReadError";
    public const string ExpansionTooLarge = "ExpansionTooLarge";
    public const string DefinitionRecursion = "DefinitionRecursion";
    public const string InvalidSequence = "InvalidSequence";
    public const string PriorityOutOfRange = "PriorityOutOfRange";
    public const string VirtualRouterIdMissing = "VirtualRouterIdMissing";
    public const string VirtualRouterIdOutOfRange = "VirtualRouterIdOutOfRange";
    public const string InterfaceMissing = "InterfaceMissing";
    public const string AuthPassTooLong = "AuthPassTooLong";
    public const string AdvertIntInvalidForVersion = "AdvertIntInvalidForVersion";
    public const string DuplicateVirtualRouterId = "DuplicateVirtualRouterId";
    public const string DuplicateName = "DuplicateName";
    public const string TrackScriptNotFound = "TrackScriptNotFound";
    public const string TrackFileNotFound = "TrackFileNotFound";
    public const string TrackProcessNotFound = "TrackProcessNotFound";
    public const string SyncGroupMemberNotFound = "SyncGroupMemberNotFound";
    public const string VirtualServerGroupNotFound = "VirtualServerGroupNotFound";
    public const string AddressFamilyMismatch = "AddressFamilyMismatch";
    public const string HostInterfaceNotFound = "HostInterfaceNotFound";
    public const string NoVirtualIPAddress = "NoVirtualIPAddress";
    public const string PortMismatch = "PortMismatch";
    public const string ProtocolIgnored = "ProtocolIgnored";
}
