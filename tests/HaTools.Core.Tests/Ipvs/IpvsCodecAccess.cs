using HaTools.Core.Ipvs;

namespace HaTools.Core.Tests.Ipvs;

/// <summary>The fake kernel decodes requests with the client's decoder (requests are checked byte-for-byte in IpvsEncodingTests).</summary>
internal static class IpvsCodecAccess
{
    public static bool TryReadService(ReadOnlyMemory<byte> nested, out IpvsService service) =>
        IpvsCodec.TryReadService(nested, out service, out _);

    public static bool TryReadRealServer(ReadOnlyMemory<byte> nested, out IpvsRealServer server) =>
        IpvsCodec.TryReadRealServer(nested, null, out server, out _);
}
