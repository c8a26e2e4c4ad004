using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using HaTools.Core;
using HaTools.Core.Ipvs;

namespace HaTools.Commands;

/// <summary>
/// Shared plumbing of the Ipvs cmdlets: one IPVS netlink client per invocation (opened lazily, so
/// binding errors come first), closed at the end; core failures become ErrorRecords.
/// </summary>
public abstract class IpvsCommandBase : HaToolsCmdlet
{
    public const string SchedulerNames = "rr,wrr,lc,wlc,lblc,lblcr,dh,sh,sed,nq,fo,ovf,mh,twos";

    private IpvsClient? _client;

    /// <summary>The client; a missing ip_vs module or socket failure stops the command with one clear error.</summary>
    protected IpvsClient Client
    {
        get
        {
            if (_client != null)
                return _client;
            EnsureLinux();
            try
            {
                _client = IpvsClient.Open();
            }
            catch (HaToolsException ex)
            {
                ThrowTerminatingError(ex);
            }
            return _client!;
        }
    }

    protected override void EndProcessing() => DisposeClient();

    protected override void StopProcessing() => DisposeClient();

    private void DisposeClient()
    {
        _client?.Dispose();
        _client = null;
    }

    /// <summary>A service key from -Address/-Port/-Protocol or -FirewallMark/-IPv6.</summary>
    protected static IpvsService ServiceKey(IPAddress? address, ushort port, IpvsProtocol protocol, uint firewallMark, bool ipv6) =>
        firewallMark != 0
            ? new IpvsService { FirewallMark = firewallMark, AddressFamily = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork }
            : new IpvsService { Protocol = protocol, Address = address, Port = port, AddressFamily = address?.AddressFamily ?? AddressFamily.InterNetwork };

    /// <summary>Finds a service in the kernel; writes ObjectNotFound and returns null when there is none.</summary>
    protected IpvsService? FindService(IpvsService key)
    {
        try
        {
            var found = Client.GetService(key);
            if (found == null)
                WriteError(new HaToolsException("IpvsServiceNotFound", HaToolsErrorKind.ObjectNotFound, $"No such service {key.Name}.", key));
            return found;
        }
        catch (HaToolsException ex)
        {
            WriteError(ex);
            return null;
        }
    }

    /// <summary>Runs a core call; a failure is written as this item's error and the pipeline goes on.</summary>
    protected bool TryCore(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (HaToolsException ex)
        {
            WriteError(ex);
            return false;
        }
    }

    protected static IpvsServiceFlags ParseSchedulerFlags(string[]? names)
    {
        if (names == null || names.Length == 0)
            return IpvsServiceFlags.None;
        IpvsSchedulers.TryParseFlags(string.Join(",", names), out var flags);
        return flags;
    }

    /// <summary>Validates an IPv4 persistence netmask given as an address (contiguous ones).</summary>
    protected int? PrefixFromNetmask(IPAddress? netmask)
    {
        if (netmask == null)
            return null;
        if (!IpvsSaveFormat.TryParseNetmask(netmask.ToString(), AddressFamily.InterNetwork, out var prefix))
        {
            ThrowTerminatingError(new HaToolsException("IpvsInvalidNetmask", HaToolsErrorKind.InvalidArgument,
                $"-PersistenceNetmask {netmask} is not an IPv4 netmask with contiguous ones (e.g. 255.255.255.0).", netmask));
        }
        return prefix;
    }
}
