using System.Management.Automation;
using System.Net;
using System.Net.Sockets;

namespace HaTools.Commands;

/// <summary>
/// Binds -Address/-RealAddress strictly: a dotted IPv4 address or an IPv6 address. IPAddress.Parse alone
/// would take "10" as 0.0.0.10; here that is a binding error naming the value.
/// </summary>
public sealed class IpvsAddressTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is IPAddress address)
            return address;
        if (value is string text)
        {
            text = text.Trim();
            if (IPAddress.TryParse(text, out var parsed) &&
                (parsed.AddressFamily == AddressFamily.InterNetworkV6 || (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3)))
                return parsed;
            throw new ArgumentTransformationMetadataException($"'{text}' is not an IPv4 address (a.b.c.d) or an IPv6 address.");
        }
        throw new ArgumentTransformationMetadataException($"'{value}' is not an IP address.");
    }
}
